package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

class DjlPolicyTest {
    private static DjlPolicy policy;

    @BeforeAll
    static void build() {
        policy = TinyPolicies.tiny(7);
    }

    @AfterAll
    static void free() {
        policy.close();
    }

    @Test
    void cachedDecodingMatchesTheFullForwardPass() {
        Observation obs = Observation.of("Cards: ['Q', '3']", List.of(TinyPolicies.checker(16, 0xFF, 0xFF00)));
        Sampling greedy = Sampling.greedy(12);
        Generation g = policy.generate(List.of(obs), greedy, new long[] {1}).get(0);
        // Score the generated tokens in one full pass: per-token log-probs at T = 1 must match the cached ones.
        try (NDManager m = NDManager.newBaseManager()) {
            Scores s = policy.score(m, List.of(obs), List.of(g.tokens()), ScoreOptions.likelihood());
            float[] full = s.logProbs().toFloatArray();
            for (int i = 0; i < g.tokens().length; i++) {
                assertThat(full[i]).as("token %d", i).isCloseTo(g.logProbs()[i], within(1e-5f));
            }
        }
        Generation uncached = policy.generateWithoutCache(List.of(obs), greedy, new long[] {1}).get(0);
        assertThat(uncached.tokens()).containsExactly(g.tokens());
    }

    @Test
    void cachedLogitsEqualTheFullForwardLogits() {
        Observation obs = Observation.of("abc");
        Sampling greedy = Sampling.greedy(6);
        Generation g = policy.generate(List.of(obs), greedy, new long[] {3}).get(0);
        // Prompt + generated tokens (minus the last) as a longer prompt: its last logits row predicts token 6.
        try (NDManager m = NDManager.newBaseManager()) {
            int[] prompt = policy.template().encodePrompt(obs).ids();
            NDArray logits = policy.promptLogits(m, obs); // (T, V)
            assertThat(logits.getShape().get(0)).isEqualTo(prompt.length);
            float[] last = logits.get(prompt.length - 1).logSoftmax(0).toFloatArray();
            assertThat(last[g.tokens()[0]]).isCloseTo(g.logProbs()[0], within(1e-5f));
        }
    }

    @Test
    void scoredLogProbsEqualThoseRecordedWhileSampling() {
        Sampling s = new Sampling(0.7, 0, 1, 16);
        List<Observation> obs = TinyPolicies.mixed();
        long[] seeds = {11, 12, 13, 14};
        List<Generation> gens = policy.generate(obs, s, seeds);
        List<int[]> responses = new ArrayList<>();
        gens.forEach(g -> responses.add(g.tokens()));
        try (NDManager m = NDManager.newBaseManager()) {
            Scores sc = policy.score(m, obs, responses, new ScoreOptions(0.7, null, 1, true, true));
            float[] lp = sc.logProbs().toFloatArray();
            int r = (int) sc.logProbs().getShape().get(1);
            for (int b = 0; b < gens.size(); b++) {
                Generation g = gens.get(b);
                for (int i = 0; i < g.tokens().length; i++) {
                    assertThat(lp[b * r + i]).as("row %d token %d", b, i).isCloseTo(g.logProbs()[i], within(1e-4f));
                }
                for (int i = g.tokens().length; i < r; i++) {
                    assertThat(lp[b * r + i]).isZero();
                }
            }
            assertThat(sc.values().getShape().getShape()).containsExactly(4);
            assertThat(sc.entropy().getShape()).isEqualTo(sc.logProbs().getShape());
            assertThat(sc.responseTokens()).containsExactly(gens.stream().mapToInt(g -> g.tokens().length).toArray());
        }
    }

    @Test
    void seededSamplingRepeatsAndIgnoresBatchComposition() {
        Sampling s = new Sampling(1.0, 20, 0.95, 8);
        List<Observation> obs = TinyPolicies.mixed();
        List<Generation> batch = policy.generate(obs, s, new long[] {5, 6, 7, 8});
        List<Generation> again = policy.generate(obs, s, new long[] {5, 6, 7, 8});
        for (int i = 0; i < obs.size(); i++) {
            assertThat(again.get(i).tokens()).containsExactly(batch.get(i).tokens());
        }
        // Row 1 is the most padded one in the batch, row 2 carries an image: alone they give the same samples.
        for (int i : new int[] {1, 2}) {
            Generation alone = policy.generate(List.of(obs.get(i)), s, new long[] {5 + i}).get(0);
            assertThat(alone.tokens()).as("row %d alone", i).containsExactly(batch.get(i).tokens());
            assertThat(alone.text()).isEqualTo(batch.get(i).text());
        }
        List<Generation> otherSeed = policy.generate(obs, s, new long[] {50, 60, 70, 80});
        boolean differs = false;
        for (int i = 0; i < obs.size(); i++) {
            differs |= !java.util.Arrays.equals(otherSeed.get(i).tokens(), batch.get(i).tokens());
        }
        assertThat(differs).isTrue();
    }

    @Test
    void imagesChangeTheOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Observation red = Observation.of("x", List.of(TinyPolicies.checker(16, 0xFF0000, 0)));
            Observation blue = Observation.of("x", List.of(TinyPolicies.checker(16, 0x0000FF, 0xFFFFFF)));
            float[] a = policy.promptLogits(m, red).toFloatArray();
            float[] b = policy.promptLogits(m, blue).toFloatArray();
            assertThat(a.length).isEqualTo(b.length);
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            assertThat(diff).isGreaterThan(1e-4);
        }
    }

    @Test
    void everyParameterGetsAGradientFromAScoreLoss() {
        List<Observation> obs = TinyPolicies.mixed();
        List<int[]> responses = List.of(policy.encodeResponse("(9+9-10)*3=24"), policy.encodeResponse("ok"),
                policy.encodeResponse("red"), policy.encodeResponse("x"));
        Map<String, NDArray> params = policy.parameters();
        try (NDManager m = NDManager.newBaseManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Scores s = policy.score(m, obs, responses, new ScoreOptions(1, null, 1, true, true));
                NDArray loss = s.logProbs().mul(s.weights()).sum().neg()
                        .add(s.values().square().sum()).add(Tensors.mul(s.entropy().sum(), 0.01));
                gc.backward(loss);
            }
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(m);
                assertThat(g.abs().sum().getFloat()).as(e.getKey()).isGreaterThan(0f);
            }
            Autograd.zeroGradients(params.values());
        }
    }

    @Test
    void answerKeyGivesThoughtTokensTheirWeight() {
        int[] resp = policy.encodeResponse("think. formula: 1+1");
        float[] w = Scorer.tokenWeights(policy.template().tokenizer(), resp,
                new ScoreOptions(1, "formula", 0.5, false, false));
        int keyAt = "think. formula: 1+1".indexOf("formula");
        for (int i = 0; i < resp.length; i++) {
            assertThat(w[i]).as("token %d", i).isEqualTo(i < keyAt ? 0.5f : 1f);
        }
        float[] none = Scorer.tokenWeights(policy.template().tokenizer(), policy.encodeResponse("no key"),
                new ScoreOptions(1, "formula", 0.5, false, false));
        assertThat(none).containsOnly(1f);
    }

    @Test
    void generationOnAFreshThreadRecordsNoGraphAndRestoresGradMode() throws Exception {
        AtomicReference<Object[]> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            boolean before = Autograd.isGradMode();
            int arraysBefore = policy.manager().getManagedArrays().size();
            List<Generation> g = policy.generate(TinyPolicies.mixed(), Sampling.temperature(1, 5),
                    new long[] {1, 2, 3, 4});
            seen.set(new Object[] {before, Autograd.isGradMode(), arraysBefore,
                    policy.manager().getManagedArrays().size(), g.size()});
        });
        t.start();
        t.join();
        Object[] r = seen.get();
        assertThat(r).isNotNull();
        assertThat(r[1]).as("grad mode restored").isEqualTo(r[0]);
        assertThat(r[3]).as("no arrays left behind").isEqualTo(r[2]);
        assertThat(r[4]).isEqualTo(4);
        // A fresh thread starts with grad mode on: scoring there would record a graph, generation must not.
        for (NDArray p : policy.parameters().values()) {
            assertThat(p.hasGradient()).isTrue();
        }
    }

    @Test
    void generationStopsOnEndOfTurnAndHonoursTheBudget() {
        List<Generation> g = policy.generate(TinyPolicies.mixed(), Sampling.greedy(3), new long[4]);
        for (Generation x : g) {
            assertThat(x.tokens().length).isBetween(1, 3);
            assertThat(x.stopped()).isEqualTo(x.tokens()[x.tokens().length - 1]
                    == policy.template().tokenizer().special().endOfTurn());
        }
        assertThatThrownBy(() -> policy.generate(TinyPolicies.mixed(), Sampling.greedy(3), new long[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one seed per observation");
    }
}
