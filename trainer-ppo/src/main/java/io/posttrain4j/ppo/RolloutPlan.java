package io.posttrain4j.ppo;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.policy.Sampling;

/**
 * Which episodes one update plays, and how they are seeded: everything a rollout worker needs besides the policy's
 * weights, so that it can be sent to one (it is {@link Serializable}) and split into {@link #units() units}.
 *
 * <p>A unit is an environment slot for {@link Kind#STEPS} and a GRPO group for {@link Kind#GROUPS}: units do not
 * depend on each other, so any split of {@code [0, units)} into ranges, collected anywhere, gives the same
 * transitions as collecting them together. {@link Kind#EPISODES} decides which episode starts next from what the
 * other slots collected, so it is one unit.
 *
 * @param environment the qualified variant (e.g. {@code generalpoints/gp-l}), created through ServiceLoader where
 *     the plan runs
 * @param options the variant's options
 * @param kind how the buffer is filled
 * @param root the update's seed root
 * @param width environments stepped together (PPO's slots; GRPO's batch of episodes)
 * @param count STEPS: steps per slot; EPISODES: the minimum of transitions; GROUPS: groups
 * @param groupSize GROUPS: episodes per group; otherwise 1
 * @param temperature sampling temperature
 * @param maxNewTokens generation budget per turn
 * @param maxTurns safety bound on generations per episode
 */
public record RolloutPlan(String environment, Map<String, String> options, Kind kind, long root, int width, int count,
        int groupSize, double temperature, int maxNewTokens, int maxTurns) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the buffer is filled (see {@link RolloutCollector}). */
    public enum Kind {
        /** {@code width} slots of {@code count} steps each; a unit is a slot. */
        STEPS,
        /** whole episodes until {@code count} transitions; one unit. */
        EPISODES,
        /** {@code count} groups of {@code groupSize} whole episodes; a unit is a group. */
        GROUPS
    }

    public RolloutPlan {
        Objects.requireNonNull(environment, "environment");
        options = Map.copyOf(options);
        Objects.requireNonNull(kind, "kind");
        if (width < 1 || count < 1 || groupSize < 1 || maxNewTokens < 1 || maxTurns < 1) {
            throw new IllegalArgumentException("need width, count, groupSize, maxNewTokens and maxTurns >= 1, got "
                    + width + ", " + count + ", " + groupSize + ", " + maxNewTokens + ", " + maxTurns);
        }
    }

    /** The plan of update {@code root} under {@code config}. */
    public static RolloutPlan of(PpoConfig config, String qualifiedEnvironment, long root) {
        Kind kind = config.algorithm() == Algorithm.GRPO ? Kind.GROUPS
                : config.rolloutUnit() == RolloutUnit.EPISODES ? Kind.EPISODES : Kind.STEPS;
        int count = switch (kind) {
            case STEPS -> config.transitions() / config.numEnvs();
            case EPISODES -> config.transitions();
            case GROUPS -> config.transitions() / config.groupSize();
        };
        return new RolloutPlan(qualifiedEnvironment, config.effectiveEnvironmentOptions(), kind, root,
                config.numEnvs(), count, kind == Kind.GROUPS ? config.groupSize() : 1, config.temperature(),
                config.maxNewTokens(), config.maxTurns());
    }

    /** Units the plan splits into: slots (STEPS), 1 (EPISODES), groups (GROUPS). */
    public int units() {
        return switch (kind) {
            case STEPS -> width;
            case EPISODES -> 1;
            case GROUPS -> count;
        };
    }

    /** How generations are sampled. */
    public Sampling sampling() {
        return Sampling.temperature(temperature, maxNewTokens);
    }
}
