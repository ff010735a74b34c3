package io.posttrain4j.core.train;

/**
 * How {@link TrainablePolicy#score} weighs and scales tokens.
 *
 * @param temperature logits are divided by it before the log-softmax (the study scores at T = 0.2)
 * @param answerKey response tokens that end before the first occurrence of this text are "thought" tokens and
 *     get {@code thoughtWeight} (the study: {@code "formula"} or {@code "action"}, weight 0.5); null = all weight 1
 * @param thoughtWeight the weight of thought tokens
 * @param withValues whether to compute the value head
 * @param withEntropy whether to compute per-token entropy
 */
public record ScoreOptions(
        double temperature, String answerKey, double thoughtWeight, boolean withValues, boolean withEntropy) {
    public ScoreOptions {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("scoring temperature must be > 0, got " + temperature);
        }
        if (!(thoughtWeight >= 0)) {
            throw new IllegalArgumentException("thoughtWeight must be >= 0, got " + thoughtWeight);
        }
    }

    /** Plain log-likelihood at T = 1, all tokens weight 1, no values, no entropy (SFT). */
    public static ScoreOptions likelihood() {
        return new ScoreOptions(1, null, 1, false, false);
    }
}
