package io.posttrain4j.core.policy;

/**
 * How a policy picks tokens.
 *
 * @param temperature 0 for greedy decoding; otherwise logits are divided by it
 * @param topK keep the k most likely tokens (0 = off)
 * @param topP keep the smallest set of tokens whose probability reaches p (1 = off)
 * @param maxNewTokens the most tokens generated per response, end-of-turn included
 */
public record Sampling(double temperature, int topK, double topP, int maxNewTokens) {
    public Sampling {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1] (1 = off), got " + topP);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
    }

    public static Sampling greedy(int maxNewTokens) {
        return new Sampling(0, 0, 1, maxNewTokens);
    }

    public static Sampling temperature(double temperature, int maxNewTokens) {
        return new Sampling(temperature, 0, 1, maxNewTokens);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
