package io.posttrain4j.ppo;

/** How a PPO update's buffer of {@link PpoConfig#transitions()} transitions is filled. */
public enum RolloutUnit {
    /**
     * The study's (RL4VLM's) collector: each of the {@code numEnvs} environments takes exactly
     * {@code transitions / numEnvs} steps, starting a new episode whenever one ends; an episode still running when
     * the budget is spent is cut and bootstraps from the critic's value of its next observation.
     */
    STEPS,
    /**
     * Whole episodes: environments start new episodes while the buffer holds fewer than {@code transitions}
     * transitions, and every started episode runs to its end, so nothing is cut and no return leans on the critic
     * at a cut. The buffer holds at least {@code transitions} transitions (at most {@code numEnvs x maxTurns} more).
     */
    EPISODES
}
