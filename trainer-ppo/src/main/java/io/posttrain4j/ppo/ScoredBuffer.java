package io.posttrain4j.ppo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * A rollout buffer scored before the update, under no-grad: the old action log-probs and values come from
 * scoring (at the training temperature and token weights), not from the sampler's log-probs, so that the first
 * ratio of the update is exactly 1 whatever the sampler did (top-k, a different temperature, numerics).
 *
 * @param samples the transitions
 * @param oldLogProbs per sample, the weighted action log-prob under the policy before the update
 * @param oldValues per sample, V(observation); zeros without a critic
 * @param bootstrap per sample, the value a non-terminal episode end bootstraps from; 0 elsewhere
 * @param refKl per sample, the sequence KL estimate to the reference (sum over tokens); zeros without one
 * @param refTokenLogProbs per sample, the reference's per-token log-probs; null without a reference
 * @param scoredTokens tokens processed by the scoring forward passes (not counted as training compute)
 */
public record ScoredBuffer(List<Sample> samples, double[] oldLogProbs, double[] oldValues, double[] bootstrap,
        double[] refKl, float[][] refTokenLogProbs, long scoredTokens) {
    public ScoredBuffer {
        samples = List.copyOf(samples);
        Objects.requireNonNull(oldLogProbs, "oldLogProbs");
        Objects.requireNonNull(oldValues, "oldValues");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(refKl, "refKl");
    }

    /**
     * Scores {@code samples} in batches of {@code batch}.
     *
     * @param reference the frozen reference policy, or null without a KL penalty
     */
    public static ScoredBuffer score(NDManager parent, TrainablePolicy policy, TrainablePolicy reference,
            List<Sample> samples, PpoConfig config, int batch) {
        int n = samples.size();
        boolean critic = config.algorithm() == Algorithm.PPO;
        double[] oldLogProbs = new double[n];
        double[] oldValues = new double[n];
        double[] refKl = new double[n];
        float[][] refTokens = reference == null ? null : new float[n][];
        long tokens = 0;
        ScoreOptions options = new ScoreOptions(config.temperature(), config.answerKey(), config.thoughtWeight(),
                critic, false);
        // Batches of similar lengths pad less; each row's score does not depend on its batch.
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        PpoTrainer.sortByLength(order, 0, n, samples);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                List<Observation> obs = new ArrayList<>(to - from);
                List<int[]> responses = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    obs.add(samples.get(order[k]).observation());
                    responses.add(responseOf(policy, samples.get(order[k])));
                }
                try (NDManager step = parent.newSubManager()) {
                    Scores s = policy.score(step, obs, responses, options);
                    tokens += s.totalTokens();
                    float[] lp = s.logProbs().mul(s.weights()).sum(new int[] {1}).toFloatArray();
                    float[] v = critic ? s.values().toFloatArray() : null;
                    float[][] cur = reference == null ? null : rows(s.logProbs(), s.responseTokens());
                    float[][] ref = null;
                    if (reference != null) {
                        Scores r = reference.score(step, obs, responses, new ScoreOptions(config.temperature(),
                                config.answerKey(), config.thoughtWeight(), false, false));
                        tokens += r.totalTokens();
                        ref = rows(r.logProbs(), r.responseTokens());
                    }
                    for (int k = from; k < to; k++) {
                        int i = order[k];
                        oldLogProbs[i] = lp[k - from];
                        oldValues[i] = critic ? v[k - from] : 0;
                        if (reference != null) {
                            refTokens[i] = ref[k - from];
                            double kl = 0;
                            for (int t = 0; t < ref[k - from].length; t++) {
                                kl += config.klEstimator().estimate((double) cur[k - from][t], (double) ref[k - from][t]);
                            }
                            refKl[i] = kl;
                        }
                    }
                }
            }
            double[] bootstrap = critic ? bootstrapValues(parent, policy, samples, oldValues, config, batch)
                    : new double[n];
            return new ScoredBuffer(samples, oldLogProbs, oldValues, bootstrap, refKl, refTokens, tokens);
        }
    }

    /** The value each non-terminal episode end bootstraps from, per {@link PpoConfig#truncationBootstrap()}. */
    private static double[] bootstrapValues(NDManager parent, TrainablePolicy policy, List<Sample> samples,
            double[] oldValues, PpoConfig config, int batch) {
        int n = samples.size();
        double[] out = new double[n];
        List<Integer> need = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (!s.bootstraps()) {
                continue;
            }
            boolean nextInStream = i + 1 < n && samples.get(i + 1).stream() == s.stream();
            if (config.truncationBootstrap() == TruncationBootstrap.NEXT_EPISODE && s.step().truncated()
                    && nextInStream) {
                out[i] = oldValues[i + 1]; // the reference's quirk: the next episode's first value
            } else {
                need.add(i);
            }
        }
        ScoreOptions valuesOnly = new ScoreOptions(config.temperature(), config.answerKey(), config.thoughtWeight(),
                true, false);
        for (int from = 0; from < need.size(); from += batch) {
            int to = Math.min(need.size(), from + batch);
            List<Observation> obs = new ArrayList<>();
            List<int[]> responses = new ArrayList<>();
            for (int k = from; k < to; k++) {
                Sample s = samples.get(need.get(k));
                obs.add(s.step().observation());
                // Values sit on the last prompt token, so any response will do: reuse the sample's own.
                responses.add(responseOf(policy, s));
            }
            try (NDManager step = parent.newSubManager()) {
                float[] v = policy.score(step, obs, responses, valuesOnly).values().toFloatArray();
                for (int k = from; k < to; k++) {
                    out[need.get(k)] = v[k - from];
                }
            }
        }
        return out;
    }

    static int[] responseOf(TrainablePolicy policy, Sample s) {
        int[] tokens = s.generation().tokens();
        return tokens.length > 0 ? tokens : policy.encodeResponse(s.generation().text());
    }

    /** Per row, the first {@code lengths[i]} entries of a (B, T) array. */
    static float[][] rows(NDArray a, int[] lengths) {
        int width = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * width, i * width + lengths[i]);
        }
        return out;
    }
}
