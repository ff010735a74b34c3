package io.posttrain4j.ppo;

import java.util.List;
import java.util.Map;


/**
 * GRPO's credit (Shao et al. 2024, DeepSeekMath): no critic. The buffer is {@code transitions / groupSize} groups
 * of {@code groupSize} whole episodes from the same start; each episode's return (its rewards, KL-penalised when
 * the penalty is in the reward) is normalized within its group, and every turn of the episode gets that advantage.
 */
final class Grpo implements AdvantageEstimator {
    private final PpoConfig config;

    Grpo(PpoConfig config) {
        this.config = config;
    }

    @Override
    public Credit credit(List<Sample> samples, double[] rewards, ScoredBuffer scored) {
        double[] episodeReturn = new double[config.transitions()];
        for (int i = 0; i < samples.size(); i++) {
            episodeReturn[(int) samples.get(i).episode()] += rewards[i];
        }
        double[] perEpisode = Advantages.groupNormalize(episodeReturn, config.groupSize());
        double[] advantages = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            advantages[i] = perEpisode[(int) samples.get(i).episode()];
        }
        return new Credit(advantages, new double[samples.size()], Map.of());
    }

    @Override
    public boolean usesCritic() {
        return false;
    }
}
