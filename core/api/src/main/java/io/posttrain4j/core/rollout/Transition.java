package io.posttrain4j.core.rollout;

import java.util.Objects;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.policy.Generation;

/**
 * One generation and its consequence: the unit of turn-level RL (one transition = one generation).
 *
 * @param episode the episode's index in its run
 * @param turn 0-based turn within the episode
 * @param observation what the policy answered
 * @param generation the policy's answer, with token ids and sampling log-probs
 * @param step what the environment made of it
 */
public record Transition(long episode, int turn, Observation observation, Generation generation, Step step) {
    public Transition {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(step, "step");
    }
}
