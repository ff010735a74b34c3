package io.posttrain4j.ppo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.Lockstep;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * Collects one update's buffer by stepping many environments in lockstep with batched generation.
 *
 * <p>PPO ({@link #collectSteps}): slot s takes exactly {@code stepsPerSlot} steps, starting a new episode whenever
 * one ends; an episode still running when the slot's budget is spent is cut (it counts as truncated and
 * bootstraps). PPO over whole episodes ({@link #collectEpisodes}): slots start episodes while the buffer holds fewer
 * than the budget, and every started episode runs to its end. GRPO ({@link #collectGroups}):
 * {@code groups x groupSize} whole episodes, the members of a group
 * reset with the same environment seed and sample with different seeds.
 *
 * <p>Seeds derive from counters only (root, slot, episode, turn), so a rollout replays exactly, whatever the batch
 * composition and wherever a run was resumed. Not thread-safe.
 */
public final class RolloutCollector {
    private final Policy policy;
    private final ToIntFunction<Observation> promptTokens;
    private final Sampling sampling;
    private final int maxTurns;

    /** A collector sampling with {@code sampling}; episodes longer than {@code maxTurns} generations are an error. */
    public RolloutCollector(TrainablePolicy policy, Sampling sampling, int maxTurns) {
        this(policy, policy::promptTokens, sampling, maxTurns);
    }

    /**
     * A collector whose generations come from {@code generator} (e.g. {@link
     * io.posttrain4j.core.rollout.RecordedGenerations#replaying replaying} what rollout workers generated) and whose
     * prompts are counted by {@code promptTokens}.
     */
    public RolloutCollector(Policy generator, ToIntFunction<Observation> promptTokens, Sampling sampling,
            int maxTurns) {
        this.policy = Objects.requireNonNull(generator, "generator");
        this.promptTokens = Objects.requireNonNull(promptTokens, "promptTokens");
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        if (maxTurns < 1) {
            throw new IllegalArgumentException("maxTurns must be >= 1, got " + maxTurns);
        }
        this.maxTurns = maxTurns;
    }

    /** Every unit of {@code plan} (its sampling and bound on turns are this collector's). */
    public Rollout collect(RolloutPlan plan, Supplier<? extends Environment> factory) {
        return collect(plan, factory, 0, plan.units());
    }

    /**
     * Units {@code from .. to - 1} of {@code plan}: the same transitions, with the same streams and episode indices,
     * as those units of {@link #collect(RolloutPlan, Supplier)}.
     */
    public Rollout collect(RolloutPlan plan, Supplier<? extends Environment> factory, int from, int to) {
        if (from < 0 || to > plan.units() || from >= to) {
            throw new IllegalArgumentException("units " + from + ".." + to + " are not a range of the plan's "
                    + plan.units());
        }
        return switch (plan.kind()) {
            case STEPS -> steps(factory, plan.root(), from, to, plan.count());
            case EPISODES -> collectEpisodes(factory, plan.root(), plan.width(), plan.count());
            case GROUPS -> groups(factory, plan.root(), plan.width(), from, to, plan.groupSize());
        };
    }

    /** PPO: {@code slots} environments, {@code stepsPerSlot} transitions each, seeds from {@code root}. */
    public Rollout collectSteps(Supplier<? extends Environment> factory, long root, int slots, int stepsPerSlot) {
        if (slots < 1 || stepsPerSlot < 1) {
            throw new IllegalArgumentException("need slots >= 1 and stepsPerSlot >= 1, got " + slots + ", "
                    + stepsPerSlot);
        }
        return steps(factory, root, 0, slots, stepsPerSlot);
    }

    /** Slots {@code from .. to - 1} of {@link #collectSteps}. */
    private Rollout steps(Supplier<? extends Environment> factory, long root, int from, int to, int stepsPerSlot) {
        int[] started = new int[to - from];
        return run(factory, to - from, stepsPerSlot, (local, collected) -> {
            int s = from + local;
            int k = started[local]++;
            long key = Seeds.derive(root, s, k);
            return new Spec(s, (long) s * stepsPerSlot + k, -1, Seeds.stream(key, "env"), Seeds.stream(key, "sample"));
        });
    }

    /**
     * PPO over whole episodes: {@code slots} environments start episodes (0, 1, 2, ... in the order slots free up)
     * while fewer than {@code minTransitions} transitions are collected; every started episode runs to its end.
     * Episode e's seeds derive from (root, e) alone.
     */
    public Rollout collectEpisodes(Supplier<? extends Environment> factory, long root, int slots, int minTransitions) {
        if (slots < 1 || minTransitions < 1) {
            throw new IllegalArgumentException("need slots >= 1 and minTransitions >= 1, got " + slots + ", "
                    + minTransitions);
        }
        int[] next = {0};
        return run(factory, slots, Integer.MAX_VALUE, (s, collected) -> {
            if (collected >= minTransitions) {
                return null;
            }
            int e = next[0]++;
            long key = Seeds.derive(root, e);
            return new Spec(e, e, -1, Seeds.stream(key, "env"), Seeds.stream(key, "sample"));
        });
    }

    /** GRPO: {@code groups x groupSize} whole episodes on {@code width} environments, seeds from {@code root}. */
    public Rollout collectGroups(Supplier<? extends Environment> factory, long root, int width, int groups,
            int groupSize) {
        if (width < 1 || groups < 1 || groupSize < 1) {
            throw new IllegalArgumentException("need width, groups and groupSize >= 1, got " + width + ", " + groups
                    + ", " + groupSize);
        }
        return groups(factory, root, width, 0, groups, groupSize);
    }

    /** Groups {@code from .. to - 1} of {@link #collectGroups}. */
    private Rollout groups(Supplier<? extends Environment> factory, long root, int width, int from, int to,
            int groupSize) {
        int total = (to - from) * groupSize;
        int[] next = {from * groupSize};
        int end = to * groupSize;
        return run(factory, Math.min(width, total), Integer.MAX_VALUE, (s, collected) -> {
            if (next[0] >= end) {
                return null;
            }
            int e = next[0]++;
            int g = e / groupSize;
            long envSeed = Seeds.stream(Seeds.derive(root, g), "env");
            return new Spec(e, e, g, envSeed, Seeds.stream(Seeds.derive(root, g, e % groupSize), "sample"));
        });
    }

    /** An episode to run: its output stream, index, group and seeds. */
    private record Spec(int stream, long episode, int group, long envSeed, long sampleRoot) {}

    private interface Source {
        /** The next episode for slot s, or null when the slot has no more; {@code collected} transitions so far. */
        Spec next(int slot, int collected);
    }

    private Rollout run(Supplier<? extends Environment> factory, int width, int stepBudget, Source source) {
        long t0 = System.nanoTime();
        List<List<Sample>> out = new ArrayList<>(); // per output stream, in stream order
        int[] collected = {0};
        Stats stats = new Stats();
        List<Environment> envs = new ArrayList<>(width);
        try {
            Slot[] slots = new Slot[width];
            for (int s = 0; s < width; s++) {
                envs.add(factory.get());
                slots[s] = start(envs.get(s), source.next(s, 0));
            }
            Lockstep.Stepped<Slot> record = (s, slot, g, step) -> {
                slot.steps++;
                boolean budgetSpent = slot.steps >= stepBudget;
                boolean cut = budgetSpent && !step.done();
                int promptTokens = RolloutCollector.this.promptTokens.applyAsInt(slot.observation());
                while (out.size() <= slot.spec.stream()) {
                    out.add(new ArrayList<>());
                }
                collected[0]++;
                out.get(slot.spec.stream()).add(new Sample(slot.spec.stream(), slot.spec.episode(),
                        slot.spec.group(), slot.turn, slot.observation(), g, step, cut, promptTokens));
                stats.generated += g.tokens().length;
                stats.prompt += promptTokens;
                slot.episodeReturn += step.reward();
                slot.turn++;
                slot.observe(step.observation());
                if (step.done()) {
                    stats.finish(slot, step.success());
                } else if (!cut && slot.turn >= maxTurns) {
                    throw new IllegalStateException(slot.environment().id() + ": episode " + slot.spec.episode()
                            + " did not end within maxTurns=" + maxTurns + " generations");
                }
                if (budgetSpent) {
                    slots[s] = null;
                } else if (step.done()) {
                    Spec nextSpec = source.next(s, collected[0]);
                    slots[s] = nextSpec == null ? null : slot.restart(nextSpec);
                }
            };
            while (Lockstep.turn(policy, sampling, slots, record)) {
                // every turn steps all live slots; what a slot does next is up to its source
            }
        } finally {
            envs.forEach(Environment::close);
        }
        List<Sample> samples = new ArrayList<>();
        out.forEach(samples::addAll);
        return new Rollout(samples, stats.episodes, stats.successes, stats.returns, stats.lengths, stats.tallies,
                stats.generated, stats.prompt, (System.nanoTime() - t0) / 1e9);
    }

    private static Slot start(Environment env, Spec spec) {
        return spec == null ? null : new Slot(env, spec, 0);
    }

    private static final class Slot extends Lockstep.Slot {
        final Spec spec;
        int steps;
        int turn;
        double episodeReturn;

        /** Resets {@code env} for {@code spec}'s episode; {@code steps} carries the slot's step count over. */
        Slot(Environment env, Spec spec, int steps) {
            super(env, env.reset(spec.envSeed()));
            this.spec = spec;
            this.steps = steps;
        }

        /** The slot's next episode; the step count carries over (it is the slot's budget). */
        Slot restart(Spec next) {
            return new Slot(environment(), next, steps);
        }

        /** Turn t of the episode samples with {@code Seeds.derive(sampleRoot, t)}. */
        @Override
        protected long sampleSeed() {
            return Seeds.derive(spec.sampleRoot(), turn);
        }
    }

    private static final class Stats {
        int episodes;
        int successes;
        double returns;
        long lengths;
        long generated;
        long prompt;
        final Map<String, Tally> tallies = new TreeMap<>();

        void finish(Slot slot, boolean success) {
            episodes++;
            successes += success ? 1 : 0;
            returns += slot.episodeReturn;
            lengths += slot.turn;
            slot.environment().episodeMetrics().forEach((k, v) -> tallies.merge(k, v, Tally::plus));
        }
    }
}
