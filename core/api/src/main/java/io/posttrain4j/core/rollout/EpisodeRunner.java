package io.posttrain4j.core.rollout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

/**
 * Runs episodes over many environments at once with batched generation: {@code slots} environments step in
 * lockstep, and a slot whose episode ends starts the next episode index.
 *
 * <p>Determinism: episode {@code i} resets with {@code Seeds.derive(root, i)} and its turn {@code t} samples
 * with {@code Seeds.derive(root, i, t)}; results come back in episode order. With a policy whose rows do not
 * depend on each other, the episodes are the same for any number of slots. Not thread-safe.
 */
public final class EpisodeRunner {
    private final Policy policy;
    private final Sampling sampling;
    private final int slots;
    private final int maxTurns;

    /**
     * @param slots environments stepped together (the generation batch size)
     * @param maxTurns a safety bound on generations per episode; an episode still running then is an error
     */
    public EpisodeRunner(Policy policy, Sampling sampling, int slots, int maxTurns) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        if (slots < 1 || maxTurns < 1) {
            throw new IllegalArgumentException("need slots >= 1 and maxTurns >= 1, got " + slots + ", " + maxTurns);
        }
        this.slots = slots;
        this.maxTurns = maxTurns;
    }

    /** Runs episodes {@code first .. first + count - 1} of the stream {@code root}. */
    public List<Episode> run(Supplier<? extends Environment> factory, long root, long first, int count) {
        Episode[] done = new Episode[count];
        int width = Math.min(slots, count);
        List<Environment> envs = new ArrayList<>(width);
        try {
            for (int s = 0; s < width; s++) {
                envs.add(factory.get());
            }
            Slot[] active = new Slot[width];
            int[] next = {0};
            for (int s = 0; s < width; s++) {
                active[s] = start(envs.get(s), root, first + next[0], next[0]++);
            }
            Lockstep.Stepped<Slot> record = (s, slot, g, step) -> {
                slot.transitions.add(
                        new Transition(slot.episode, slot.transitions.size(), slot.observation(), g, step));
                slot.observe(step.observation());
                if (step.done()) {
                    done[slot.position] = new Episode(slot.episode, slot.seed, slot.transitions,
                            slot.environment().episodeMetrics());
                    active[s] = next[0] < count ? start(slot.environment(), root, first + next[0], next[0]++) : null;
                } else if (slot.transitions.size() >= maxTurns) {
                    throw new IllegalStateException(slot.environment().id() + ": episode " + slot.episode
                            + " did not end within maxTurns=" + maxTurns + " generations");
                }
            };
            while (Lockstep.turn(policy, sampling, active, record)) {
                // every turn steps all live slots; a slot that finishes starts the next episode index
            }
        } finally {
            envs.forEach(Environment::close);
        }
        return Arrays.asList(done);
    }

    private static Slot start(Environment env, long root, long episode, int position) {
        long seed = Seeds.derive(root, episode);
        return new Slot(env, root, episode, position, seed, env.reset(seed));
    }

    private static final class Slot extends Lockstep.Slot {
        final long root;
        final long episode;
        final int position;
        final long seed;
        final List<Transition> transitions = new ArrayList<>();

        Slot(Environment env, long root, long episode, int position, long seed, Observation first) {
            super(env, first);
            this.root = root;
            this.episode = episode;
            this.position = position;
            this.seed = seed;
        }

        /** Turn t of episode i samples with {@code Seeds.derive(root, i, t)}. */
        @Override
        protected long sampleSeed() {
            return Seeds.derive(root, episode, transitions.size());
        }
    }
}
