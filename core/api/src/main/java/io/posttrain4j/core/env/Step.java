package io.posttrain4j.core.env;

import java.util.Objects;

/**
 * The result of one action, with Gymnasium's semantics.
 *
 * @param observation the next observation to answer while the episode runs; at a truncation the observation a
 *     continuation would answer (the value to bootstrap from); at a termination the final conversation, not to
 *     be answered
 * @param reward the verifier's reward for this action
 * @param terminated a true end (success or failure): returns after it are zero, do not bootstrap
 * @param truncated a cut (attempt budget spent): the episode could have gone on, bootstrap from the observation
 * @param feedback the verifier's feedback text for this action, as the policy would read it
 * @param success whether this action solved the task
 */
public record Step(
        Observation observation,
        double reward,
        boolean terminated,
        boolean truncated,
        String feedback,
        boolean success) {
    public Step {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(feedback, "feedback");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
        if (terminated && truncated) {
            throw new IllegalArgumentException("a step is terminated or truncated, not both");
        }
    }

    /** Whether the episode is over, by termination or truncation. */
    public boolean done() {
        return terminated || truncated;
    }
}
