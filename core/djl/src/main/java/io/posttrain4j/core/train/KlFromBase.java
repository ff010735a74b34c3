package io.posttrain4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.Seeds;

/**
 * The forward KL divergence from a base policy, {@code KL(base || policy) = E_x E_{y ~ base(.|x)} [log base(y|x) -
 * log policy(y|x)]}, on training prompts: the quantity that "RL's Razor" (Shenfeld et al. 2025) finds to predict
 * how much fine-tuning forgets. Responses are sampled once from the base at temperature 1 (no top-k, no top-p) and
 * their base log-probabilities kept, so the base need not stay loaded: each {@link #estimate} only scores the
 * stored responses under the current policy. The estimate is a Monte Carlo mean over prompts (one sample each)
 * in nats per response; responses cut by the token budget count as their prefix. Immutable; {@link #estimate} is
 * as thread-safe as the policy's scoring.
 */
public final class KlFromBase {
    private final List<Observation> prompts;
    private final List<int[]> responses;
    private final double[] baseLogProbs;

    private KlFromBase(List<Observation> prompts, List<int[]> responses, double[] baseLogProbs) {
        this.prompts = prompts;
        this.responses = responses;
        this.baseLogProbs = baseLogProbs;
    }

    /**
     * Samples one response per prompt from {@code base}.
     *
     * @param maxNewTokens the response budget
     * @param seed root of the per-prompt sampling seeds
     * @throws IllegalArgumentException for no prompts
     */
    public static KlFromBase sample(Policy base, List<Observation> prompts, int maxNewTokens, long seed) {
        Objects.requireNonNull(base, "base");
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("the KL from the base needs at least one prompt");
        }
        List<Observation> kept = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        List<Double> logProbs = new ArrayList<>();
        int batch = 32;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int start = 0; start < prompts.size(); start += batch) {
                List<Observation> part = prompts.subList(start, Math.min(prompts.size(), start + batch));
                long[] seeds = new long[part.size()];
                for (int k = 0; k < seeds.length; k++) {
                    seeds[k] = Seeds.derive(seed, start + k);
                }
                List<Generation> out = base.generate(part, new Sampling(1.0, 0, 1.0, maxNewTokens), seeds);
                for (int k = 0; k < out.size(); k++) {
                    Generation g = out.get(k);
                    if (g.tokens().length == 0) {
                        continue; // nothing to score
                    }
                    kept.add(part.get(k));
                    responses.add(g.tokens());
                    logProbs.add(g.logProb());
                }
            }
        }
        double[] lp = logProbs.stream().mapToDouble(Double::doubleValue).toArray();
        return new KlFromBase(List.copyOf(kept), List.copyOf(responses), lp);
    }

    /** The number of sampled responses. */
    public int size() {
        return responses.size();
    }

    /** The mean of {@code log base(y|x) - log policy(y|x)} over the stored samples, in nats. */
    public double estimate(TrainablePolicy policy, int batchSize) {
        double sum = 0;
        try (NoGrad ignored = NoGrad.enter(); NDManager manager = NDManager.newBaseManager()) {
            for (int start = 0; start < responses.size(); start += batchSize) {
                int end = Math.min(responses.size(), start + batchSize);
                try (NDManager m = manager.newSubManager()) {
                    Scores s = policy.score(m, prompts.subList(start, end), responses.subList(start, end),
                            ScoreOptions.likelihood());
                    NDArray perRow = s.logProbs().mul(s.mask()).sum(new int[] {1});
                    float[] lp = perRow.toFloatArray();
                    for (int k = 0; k < lp.length; k++) {
                        sum += baseLogProbs[start + k] - lp[k];
                    }
                }
            }
        }
        return responses.isEmpty() ? 0 : sum / responses.size();
    }
}
