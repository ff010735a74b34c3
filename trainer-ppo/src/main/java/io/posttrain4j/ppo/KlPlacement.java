package io.posttrain4j.ppo;

/** Where the penalty towards the frozen reference policy enters PPO. */
public enum KlPlacement {
    /** Subtracted from each transition's reward before advantages are computed (TRL PPO, OpenRLHF). */
    REWARD,
    /** Added to the loss as {@code klCoef * KL}, differentiated through the current policy (GRPO papers). */
    LOSS
}
