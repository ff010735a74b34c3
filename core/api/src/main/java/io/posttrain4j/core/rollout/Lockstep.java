package io.posttrain4j.core.rollout;

import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

/**
 * One turn of many environments stepped in lockstep: the observations of the live slots are answered in one batched
 * generation, each with its slot's own seed, and every environment steps with its answer. The evaluation runner
 * ({@link EpisodeRunner}) and the RL rollout collectors drive their episodes with it and differ only in what they
 * do with each step.
 */
public final class Lockstep {
    private Lockstep() {}

    /**
     * A slot's part in a turn: its environment, what it shows the policy (the caller moves it on after each step),
     * and the seed to sample with.
     */
    public abstract static class Slot {
        private final Environment environment;
        private Observation observation;

        protected Slot(Environment environment, Observation first) {
            this.environment = environment;
            this.observation = first;
        }

        public final Environment environment() {
            return environment;
        }

        /** What the policy reads on this slot's next turn. */
        public final Observation observation() {
            return observation;
        }

        /** Moves the slot on to {@code next} (after a step: the step's observation). */
        public final void observe(Observation next) {
            this.observation = next;
        }

        /** The seed of this slot's next generation. */
        protected abstract long sampleSeed();
    }

    /** What a caller does with one slot's step; it may replace {@code slots[index]} (a new episode, or null). */
    @FunctionalInterface
    public interface Stepped<S extends Slot> {
        void accept(int index, S slot, Generation generation, Step step);
    }

    /**
     * Runs one turn over the non-null entries of {@code slots}, in index order.
     *
     * @return false when no slot was live (nothing ran)
     */
    public static <S extends Slot> boolean turn(Policy policy, Sampling sampling, S[] slots, Stepped<S> stepped) {
        List<Integer> live = new ArrayList<>(slots.length);
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] != null) {
                live.add(s);
            }
        }
        if (live.isEmpty()) {
            return false;
        }
        List<Observation> prompts = new ArrayList<>(live.size());
        long[] seeds = new long[live.size()];
        for (int k = 0; k < live.size(); k++) {
            S slot = slots[live.get(k)];
            prompts.add(slot.observation());
            seeds[k] = slot.sampleSeed();
        }
        List<Generation> generations = policy.generate(prompts, sampling, seeds);
        for (int k = 0; k < live.size(); k++) {
            int s = live.get(k);
            S slot = slots[s];
            Generation g = generations.get(k);
            stepped.accept(s, slot, g, slot.environment().step(g.text()));
        }
        return true;
    }
}
