package io.posttrain4j.core.train;

import ai.djl.ndarray.NDArray;

/**
 * Differentiable per-token scores of given responses, right-padded to the longest response.
 *
 * @param logProbs (B, T) log-probability of each response token (padding: 0)
 * @param weights (B, T) token weights: 0 on padding, {@code thoughtWeight} on thought tokens, 1 otherwise
 * @param mask (B, T) 1 on real response tokens, 0 on padding
 * @param entropy (B, T) entropy of the scaled next-token distribution, or null when not asked for
 * @param values (B) value-head output on the last prompt token, or null when not asked for
 * @param promptTokens per row, tokens in the prompt (image tokens included): compute accounting
 * @param responseTokens per row, tokens in the response
 */
public record Scores(
        NDArray logProbs,
        NDArray weights,
        NDArray mask,
        NDArray entropy,
        NDArray values,
        int[] promptTokens,
        int[] responseTokens) {

    /** Total tokens processed by the forward pass (prompt + response, all rows). */
    public long totalTokens() {
        long n = 0;
        for (int i = 0; i < promptTokens.length; i++) {
            n += promptTokens[i] + responseTokens[i];
        }
        return n;
    }
}
