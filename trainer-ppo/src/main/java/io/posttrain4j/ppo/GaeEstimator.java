package io.posttrain4j.ppo;

import java.util.List;
import java.util.Map;


/**
 * PPO's credit: a buffer of a fixed number of steps per environment (or of whole episodes), and generalized
 * advantage estimation with the critic's values; advantages are normalized over the buffer when configured.
 */
final class GaeEstimator implements AdvantageEstimator {
    private final PpoConfig config;

    GaeEstimator(PpoConfig config) {
        this.config = config;
    }

    @Override
    public Credit credit(List<Sample> samples, double[] rewards, ScoredBuffer scored) {
        int n = samples.size();
        boolean[] terminated = new boolean[n];
        boolean[] ends = new boolean[n];
        for (int i = 0; i < n; i++) {
            terminated[i] = samples.get(i).step().terminated();
            ends[i] = samples.get(i).episodeEnd();
        }
        Gae.Result gae = Gae.compute(rewards, scored.oldValues(), scored.bootstrap(), terminated, ends,
                config.gamma(), config.gaeLambda());
        double[] advantages = config.normalizeAdvantages() ? Advantages.normalize(gae.advantages()) : gae.advantages();
        return new Credit(advantages, gae.returns(),
                Map.of("explained_variance", Advantages.explainedVariance(scored.oldValues(), gae.returns())));
    }

    @Override
    public boolean usesCritic() {
        return true;
    }
}
