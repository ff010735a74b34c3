package io.posttrain4j.ppo;

/** Which policy-gradient method a {@link PpoTrainer} runs. */
public enum Algorithm {
    /** PPO with a critic: GAE advantages from the value head, clipped surrogate plus clipped value loss. */
    PPO,
    /**
     * GRPO: several episodes from the same environment seed form a group; advantages are episode returns
     * normalised within the group, so no critic and no value loss.
     */
    GRPO
}
