package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.sft.testing.BigramPolicy;

class SftLossTest {
    private static double loss(BigramPolicy policy, List<Observation> prompts, List<String> answers) {
        List<int[]> responses = answers.stream().map(policy::encodeResponse).toList();
        long count = responses.stream().mapToLong(r -> r.length).sum();
        try (NDManager m = NDManager.newBaseManager()) {
            return SftLoss.tokenNll(policy.score(m, prompts, responses, ScoreOptions.likelihood()), count).getFloat();
        }
    }

    /** -log p of every response token (end of turn included) given its predecessor, averaged over all of them. */
    private static double byHand(BigramPolicy policy, List<Observation> prompts, List<String> answers, boolean withPrompt) {
        double[][] lp = policy.logProbTable();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = BigramPolicy.promptIds(prompts.get(i));
            int[] r = policy.encodeResponse(answers.get(i));
            if (withPrompt) {
                for (int j = 1; j < p.length; j++) {
                    sum -= lp[p[j - 1]][p[j]];
                    n++;
                }
            }
            int prev = p[p.length - 1];
            for (int tok : r) {
                sum -= lp[prev][tok];
                prev = tok;
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void theLossIsTheTokenMeanNegativeLogLikelihoodOfResponseTokensOnlyWithPaddingMaskedOut() {
        try (NDManager m = NDManager.newBaseManager(); BigramPolicy policy = new BigramPolicy(m, 7)) {
            List<Observation> prompts = List.of(Observation.of("Cards: 1 2 3 4"), Observation.of("Cards: K"));
            List<String> answers = List.of("(1+2+3)*4=24", "no"); // different lengths: the second row is padded
            assertThat(loss(policy, prompts, answers)).isCloseTo(byHand(policy, prompts, answers, false), within(1e-5));
        }
    }

    @Test
    void changingAPromptTokenThatWouldBeATargetLeavesTheLossUnchanged() {
        try (NDManager m = NDManager.newBaseManager(); BigramPolicy policy = new BigramPolicy(m, 11)) {
            List<String> answers = List.of("leaf");
            List<Observation> a = List.of(Observation.of("Name the thing: green"));
            List<Observation> b = List.of(Observation.of("Name the thing: grEEn"));
            assertThat(loss(policy, b, answers)).isEqualTo(loss(policy, a, answers));
            // a loss over prompt targets would have seen the change: the test can fail
            assertThat(byHand(policy, b, answers, true)).isNotCloseTo(byHand(policy, a, answers, true), within(1e-3));
            // and a changed response token does change it
            assertThat(loss(policy, a, List.of("leaF"))).isNotCloseTo(loss(policy, a, answers), within(1e-3));
        }
    }
}
