package io.posttrain4j.generalpoints.verify;

/**
 * Bounds on what one verdict can cost a training run: the lowest reward handed out, the longest feedback text (it
 * is quoted back into the next prompt by the revision turn) and the longest response that is judged at all.
 *
 * <p>{@link #NONE} judges as the study did: penalties add up without a floor (-3 per grammar violation, so a
 * long run of operators reaches millions), the feedback lists every violation, any response length is read.
 * {@link #TRAINING} is what the environment uses unless told otherwise.
 *
 * @param rewardFloor rewards below it are raised to it (the verdict's details keep the {@code uncappedReward});
 *     at most -3, the reward of one illegal formula, so every single-violation answer keeps its reward;
 *     {@code Double.NEGATIVE_INFINITY} for none
 * @param maxFeedbackChars longer feedback is cut to this many characters, the last three being {@code ...};
 *     at least 32; {@code Integer.MAX_VALUE} for none
 * @param maxResponseChars a longer response is not read: reward -3, feedback {@code your response is too long
 *     (N characters; at most M are judged).}; at least 64; {@code Integer.MAX_VALUE} for none
 */
public record VerifierLimits(double rewardFloor, int maxFeedbackChars, int maxResponseChars) {
    /** The study's behaviour: no floor, full feedback, any length. */
    public static final VerifierLimits NONE =
            new VerifierLimits(Double.NEGATIVE_INFINITY, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** Default reward floor for training: below -10 a more broken answer carries no more information. */
    public static final double DEFAULT_REWARD_FLOOR = -10;
    /** Default feedback bound; the longest feedback of an answer of ordinary length is about 120 characters. */
    public static final int DEFAULT_MAX_FEEDBACK_CHARS = 256;
    /** Default response bound; an answer in the requested format is about 100 characters. */
    public static final int DEFAULT_MAX_RESPONSE_CHARS = 8192;

    /** The environment's defaults: floor -10, feedback 256 characters, responses 8192 characters. */
    public static final VerifierLimits TRAINING =
            new VerifierLimits(DEFAULT_REWARD_FLOOR, DEFAULT_MAX_FEEDBACK_CHARS, DEFAULT_MAX_RESPONSE_CHARS);

    /** The highest floor that may be set, and the smallest feedback and response bounds. */
    static final double HIGHEST_FLOOR = -3;
    static final int MIN_FEEDBACK_CHARS = 32;
    static final int MIN_RESPONSE_CHARS = 64;

    public VerifierLimits {
        if (Double.isNaN(rewardFloor) || rewardFloor > HIGHEST_FLOOR || rewardFloor == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("rewardFloor must be a number at most " + (int) HIGHEST_FLOOR
                    + " (the reward of one illegal formula) or none, got " + rewardFloor);
        }
        if (maxFeedbackChars < MIN_FEEDBACK_CHARS) {
            throw new IllegalArgumentException("maxFeedback must be at least " + MIN_FEEDBACK_CHARS
                    + " characters or none, got " + maxFeedbackChars);
        }
        if (maxResponseChars < MIN_RESPONSE_CHARS) {
            throw new IllegalArgumentException("maxResponse must be at least " + MIN_RESPONSE_CHARS
                    + " characters or none, got " + maxResponseChars);
        }
    }

    /** Whether any bound is set. */
    public boolean any() {
        return !equals(NONE);
    }

    /** {@code feedback} cut to {@link #maxFeedbackChars}, ending in {@code ...} when cut; never splits a pair. */
    String cutFeedback(String feedback) {
        if (feedback.length() <= maxFeedbackChars) {
            return feedback;
        }
        int end = maxFeedbackChars - 3;
        if (Character.isHighSurrogate(feedback.charAt(end - 1))) {
            end--;
        }
        return feedback.substring(0, end) + "...";
    }
}
