package io.posttrain4j.core.env;

/**
 * The capability of an environment to give the optimal answer in its current state, in the exact text form a
 * policy should produce. SFT data is built from it; the checker and tests use it to prove episodes solvable.
 */
public interface Expert {
    /**
     * The expert answer to the current observation.
     *
     * @throws IllegalStateException before {@code reset} or after the episode ended
     */
    String expertAnswer();
}
