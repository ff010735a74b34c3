package io.posttrain4j.core.model;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.posttrain4j.core.policy.Sampling;

/**
 * Picks the next token of one row from its logits, in Java: temperature, then top-k, then top-p, then
 * Gumbel-max with noise from a {@link SplittableRandom} derived from (seed, step) alone, so a row's choice does
 * not depend on the rest of the batch. Also returns the log-probability {@link io.posttrain4j.core.policy.Generation}
 * records: under softmax(logits / T) before filtering (T = 1 when greedy). Stateless and thread-safe.
 */
final class TokenSampler {
    private TokenSampler() {}

    /** A chosen token and its log-probability. */
    record Pick(int token, float logProb) {}

    /**
     * @param logits the row's logits, read from {@code offset} for {@code vocab} values
     * @param usable ids {@code [0, usable)} may be picked (the tokenizer's vocabulary; a checkpoint's embedding
     *     table may be larger); the log-probability still normalises over all {@code vocab}, as scoring does
     */
    static Pick pick(float[] logits, int offset, int vocab, int usable, Sampling sampling, long seed, int step) {
        double t = sampling.isGreedy() ? 1.0 : sampling.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i] / t);
        }
        int argMax = 0;
        for (int i = 1; i < usable; i++) {
            if (logits[offset + i] > logits[offset + argMax]) {
                argMax = i;
            }
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[offset + i] / t - max);
        }
        double logNorm = max + Math.log(sum);
        if (!Double.isFinite(logNorm)) {
            throw new IllegalStateException("non-finite logits at generation step " + step
                    + " (the weights hold NaN or infinity?)");
        }
        int token = sampling.isGreedy() ? argMax : sample(logits, offset, usable, t, logNorm, sampling, seed, step);
        return new Pick(token, (float) (logits[offset + token] / t - logNorm));
    }

    private static int sample(float[] logits, int offset, int vocab, double t, double logNorm, Sampling s,
            long seed, int step) {
        int[] kept = keptTokens(logits, offset, vocab, t, logNorm, s);
        SplittableRandom rng = new SplittableRandom(streamSeed(seed, step));
        int best = kept[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int token : kept) { // ascending ids: the noise of a token does not depend on the filter's order
            double u = rng.nextDouble();
            double gumbel = -Math.log(-Math.log(u > 0 ? u : Double.MIN_VALUE));
            double score = logits[offset + token] / t + gumbel;
            if (score > bestScore) {
                bestScore = score;
                best = token;
            }
        }
        return best;
    }

    /** The candidate ids after top-k and top-p, in ascending order. */
    static int[] keptTokens(float[] logits, int offset, int vocab, double t, double logNorm, Sampling s) {
        boolean topK = s.topK() > 0 && s.topK() < vocab;
        boolean topP = s.topP() < 1;
        if (!topK && !topP) {
            int[] all = new int[vocab];
            for (int i = 0; i < vocab; i++) {
                all[i] = i;
            }
            return all;
        }
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        // Descending logit, ties by ascending id: a total order, so the kept set is deterministic.
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(logits[offset + b], logits[offset + a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int n = topK ? s.topK() : vocab;
        if (topP) {
            // Top-p renormalises over the top-k survivors, as Hugging Face applies the filters in sequence.
            double keptNorm = 0;
            for (int i = 0; i < n; i++) {
                keptNorm += Math.exp(logits[offset + order[i]] / t - logNorm);
            }
            double cumulative = 0;
            int m = 0;
            while (m < n) {
                cumulative += Math.exp(logits[offset + order[m]] / t - logNorm) / keptNorm;
                m++;
                if (cumulative >= s.topP()) {
                    break;
                }
            }
            n = m;
        }
        int[] kept = new int[n];
        for (int i = 0; i < n; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }

    /** The seed of the noise stream for (seed, step): SplitMix64-mixed so nearby seeds give unrelated streams. */
    static long streamSeed(long seed, int step) {
        long z = seed + 0x9E3779B97F4A7C15L * (step + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
