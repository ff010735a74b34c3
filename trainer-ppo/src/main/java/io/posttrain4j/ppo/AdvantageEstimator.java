package io.posttrain4j.ppo;

import java.util.List;
import java.util.Map;


/**
 * What differs between PPO and GRPO in an update: how each sample is credited (which buffer is collected is the
 * update's {@link RolloutPlan}).
 * Everything else (scoring, rewards, the clipped objective, the optimizer, metrics) is the same
 * {@link PpoTrainer}.
 */
sealed interface AdvantageEstimator permits GaeEstimator, Grpo {
    /** The estimator of {@code config.algorithm()}. */
    static AdvantageEstimator of(PpoConfig config) {
        return config.algorithm() == Algorithm.GRPO ? new Grpo(config) : new GaeEstimator(config);
    }

    /**
     * Credits every sample of the buffer.
     *
     * @param rewards the samples' rewards (minus the KL penalty when it is placed in the reward)
     */
    Credit credit(List<Sample> samples, double[] rewards, ScoredBuffer scored);

    /** Whether the value head is trained (a value loss) and its values used. */
    boolean usesCritic();

    /**
     * @param advantages one per sample, as the clipped objective weighs it
     * @param returns the value targets, one per sample (zeros without a critic)
     * @param metrics what the estimate adds to the update's metrics record
     */
    record Credit(double[] advantages, double[] returns, Map<String, Object> metrics) {}
}
