package io.posttrain4j.core.policy;

import java.util.Objects;

/**
 * One generated response.
 *
 * @param text the decoded response, without the end-of-turn marker
 * @param tokens the sampled token ids, the end-of-turn token included when {@code stopped}
 * @param logProbs per token, the log-probability of the sampled token under softmax(logits / T) with T the
 *     sampling temperature (T = 1 when greedy), before top-k/top-p filtering: what scoring recomputes
 * @param stopped whether generation ended on end-of-turn rather than on the token budget
 */
public record Generation(String text, int[] tokens, float[] logProbs, boolean stopped) {
    public Generation {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(logProbs, "logProbs");
        if (tokens.length != logProbs.length) {
            throw new IllegalArgumentException(
                    "tokens and logProbs differ in length: " + tokens.length + " vs " + logProbs.length);
        }
    }

    /** Sum of the token log-probabilities. */
    public double logProb() {
        double s = 0;
        for (float lp : logProbs) {
            s += lp;
        }
        return s;
    }
}
