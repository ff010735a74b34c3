package io.posttrain4j.ppo;

import java.util.Objects;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.policy.Generation;

/**
 * One transition of a rollout buffer: a generation, what the environment made of it, and where it sits.
 *
 * @param stream the environment slot (PPO) or episode (GRPO) the transition came from; a buffer holds each
 *     stream's transitions contiguously and in order
 * @param episode the episode's index, unique within the update
 * @param group the GRPO group (episodes sharing an environment seed); -1 for PPO
 * @param turn 0-based turn within the episode
 * @param observation what the policy answered
 * @param generation the sampled response
 * @param step the environment's result
 * @param cut whether the buffer ended the episode here although the environment had not (then it counts as
 *     truncated and bootstraps from {@code step.observation()})
 * @param promptTokens prompt tokens of {@code observation} (compute accounting)
 */
public record Sample(int stream, long episode, int group, int turn, Observation observation, Generation generation,
        Step step, boolean cut, int promptTokens) {
    public Sample {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(step, "step");
        if (cut && step.done()) {
            throw new IllegalArgumentException("a transition that ended its episode cannot also be cut");
        }
    }

    /** Whether the episode ends at this transition in the buffer (terminated, truncated or cut). */
    public boolean episodeEnd() {
        return step.done() || cut;
    }

    /** Whether GAE bootstraps here: the episode ends without a true termination. */
    public boolean bootstraps() {
        return step.truncated() || cut;
    }
}
