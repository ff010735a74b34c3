package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.policy.Sampling;

class TokenSamplerTest {
    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, -1.0f, 3.0f};

    @Test
    void greedyPicksTheArgMaxWithItsLogSoftmax() {
        TokenSampler.Pick p = TokenSampler.pick(LOGITS, 0, 5, 5, Sampling.greedy(1), 0, 0);
        assertThat(p.token()).isEqualTo(4);
        double norm = 0;
        for (float l : LOGITS) {
            norm += Math.exp(l);
        }
        assertThat(p.logProb()).isCloseTo((float) (3.0 - Math.log(norm)), within(1e-6f));
    }

    @Test
    void samplingFrequenciesFollowTheTemperedSoftmax() {
        Sampling s = Sampling.temperature(2.0, 1);
        int[] hits = new int[5];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            hits[TokenSampler.pick(LOGITS, 0, 5, 5, s, i, 0).token()]++;
        }
        double norm = 0;
        for (float l : LOGITS) {
            norm += Math.exp(l / 2.0);
        }
        for (int k = 0; k < 5; k++) {
            assertThat(hits[k] / (double) n).as("token %d", k).isCloseTo(Math.exp(LOGITS[k] / 2.0) / norm,
                    within(0.015));
        }
    }

    @Test
    void topKAndTopPKeepTheMostLikelyTokensButLogProbsStayUnfiltered() {
        double norm = 0;
        for (float l : LOGITS) {
            norm += Math.exp(l);
        }
        assertThat(TokenSampler.keptTokens(LOGITS, 0, 5, 1, Math.log(norm), new Sampling(1, 2, 1, 1)))
                .containsExactly(0, 4);
        // p(4) = 0.61, p(0) = 0.22: 0.9 needs the third most likely token too.
        assertThat(TokenSampler.keptTokens(LOGITS, 0, 5, 1, Math.log(norm), new Sampling(1, 0, 0.9, 1)))
                .containsExactly(0, 1, 4);
        for (int seed = 0; seed < 50; seed++) {
            TokenSampler.Pick p = TokenSampler.pick(LOGITS, 0, 5, 5, new Sampling(1, 2, 1, 1), seed, 3);
            assertThat(p.token()).isIn(0, 4);
            assertThat(p.logProb()).isCloseTo((float) (LOGITS[p.token()] - Math.log(norm)), within(1e-6f));
        }
    }

    @Test
    void idsBeyondTheTokenizerAreNeverPicked() {
        for (int seed = 0; seed < 50; seed++) {
            assertThat(TokenSampler.pick(LOGITS, 0, 5, 3, Sampling.temperature(5, 1), seed, 0).token())
                    .isLessThan(3);
        }
        assertThat(TokenSampler.pick(LOGITS, 0, 5, 3, Sampling.greedy(1), 0, 0).token()).isEqualTo(0);
    }
}
