package io.posttrain4j.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

/**
 * Generations keyed by their sample seed: recorded where a policy runs, replayed where the episodes are rebuilt.
 *
 * <p>Every runner of this package seeds each generation from counters alone (episode, slot, turn), so a generation
 * is named by its seed. Rollout workers (e.g. Spark executors) run their share of the episodes with
 * {@link #recording} and send back only the generations; the learner runs the same episodes again with
 * {@link #replaying}, which answers from the recording: its environments step, render and verify exactly as they
 * would have in-process, and nothing heavier than text and numbers travels.
 */
public final class RecordedGenerations {
    private RecordedGenerations() {}

    /** {@code policy}, also putting every generation it makes into {@code into}, by seed. */
    public static Policy recording(Policy policy, Map<Long, Generation> into) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(into, "into");
        return new Policy() {
            @Override
            public String name() {
                return policy.name();
            }

            @Override
            public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
                List<Generation> out = policy.generate(observations, sampling, seeds);
                for (int i = 0; i < seeds.length; i++) {
                    into.put(seeds[i], out.get(i));
                }
                return out;
            }
        };
    }

    /**
     * A policy that answers from {@code recorded} by seed.
     *
     * @throws IllegalStateException on generation, naming a seed that was not recorded (the episodes replayed
     *     are not the ones recorded)
     */
    public static Policy replaying(Map<Long, Generation> recorded, String name) {
        Objects.requireNonNull(recorded, "recorded");
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
                List<Generation> out = new ArrayList<>(seeds.length);
                for (long seed : seeds) {
                    Generation g = recorded.get(seed);
                    if (g == null) {
                        throw new IllegalStateException("no recorded generation for sample seed " + seed + " ("
                                + recorded.size() + " recorded): the replayed episodes differ from the recorded "
                                + "ones (another plan, or an environment that does not reset deterministically)");
                    }
                    out.add(g);
                }
                return out;
            }
        };
    }
}
