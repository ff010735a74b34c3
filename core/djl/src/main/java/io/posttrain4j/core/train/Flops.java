package io.posttrain4j.core.train;

/**
 * Training compute as the study counts it (Kaplan et al.'s approximation): 6 N D for training on D tokens, and
 * for RL an extra 2 N D_buffer for generating the rollout buffer.
 */
public final class Flops {
    private Flops() {}

    /** SFT: 6 N D. */
    public static double sft(long parameters, long tokens) {
        return 6.0 * parameters * tokens;
    }

    /** RL: 6 N D_train + 2 N D_buffer, where D_buffer counts every generated and prompt token of the rollouts. */
    public static double rl(long parameters, long trainTokens, long bufferTokens) {
        return 6.0 * parameters * trainTokens + 2.0 * parameters * bufferTokens;
    }

    /** FLOPs to GFLOPs, the unit of the study's plots. */
    public static double giga(double flops) {
        return flops / 1e9;
    }
}
