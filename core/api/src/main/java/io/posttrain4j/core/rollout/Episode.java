package io.posttrain4j.core.rollout;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Tally;

/**
 * A finished episode.
 *
 * @param index the episode's index in its run (decides its seeds)
 * @param seed the seed its environment was reset with
 * @param transitions every generation of the episode, in order
 * @param metrics the environment's episode metrics at the end
 */
public record Episode(long index, long seed, List<Transition> transitions, Map<String, Tally> metrics) {
    public Episode {
        transitions = List.copyOf(transitions);
        metrics = Map.copyOf(metrics);
    }

    /** Sum of rewards. */
    public double totalReward() {
        return transitions.stream().mapToDouble(t -> t.step().reward()).sum();
    }

    /** Whether the last step was a success. */
    public boolean success() {
        return !transitions.isEmpty() && transitions.get(transitions.size() - 1).step().success();
    }
}
