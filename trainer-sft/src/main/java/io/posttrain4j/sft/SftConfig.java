package io.posttrain4j.sft;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides an SFT run. Build it with {@link #builder()} (or {@link #toBuilder()} of another config),
 * whose setters are named after the record components, as {@code PpoConfig}'s are: {@code steps},
 * {@code learningRate} and {@code runDir} are required, the rest have defaults. The compact constructor validates
 * every field and names the bad value. By name, from a file or {@code key=value} text:
 * {@code RecordSettings.override}.
 *
 * @param steps optimizer steps of the whole run (the cosine schedule spans them)
 * @param batchSize examples per optimizer step (the global batch; the study: ~128)
 * @param microBatchSize examples per forward pass; {@code batchSize / microBatchSize} micro-batches are
 *     accumulated per step (must divide {@code batchSize})
 * @param learningRate the peak learning rate
 * @param minLearningRate the floor the cosine decays to
 * @param warmupFraction the fraction of {@code steps} with linear warmup (the study: 0.03)
 * @param beta1 AdamW's first-moment decay (the study: 0.9)
 * @param beta2 AdamW's second-moment decay (the study: 0.98)
 * @param eps AdamW's epsilon (the study: 1e-7)
 * @param weightDecay decoupled weight decay (the study: 0)
 * @param maxGradNorm global gradient-norm clip; 0 turns clipping off
 * @param seed root of the data order (epoch permutations derive from {@code (seed, epoch)})
 * @param sortByLength form the micro-batches of a step from length-sorted examples to cut padding (the step's
 *     example set, and so its gradient, is unchanged)
 * @param logEvery write a metrics line every this many steps (and at the last step)
 * @param evalVariants environment variants evaluated during training, e.g. {@code generalpoints/gp-l}; empty = none
 * @param evalOptions option overrides for the evaluated environments (use those of the training data, e.g.
 *     {@code prompt=compact}, {@code verifyIter=1})
 * @param evalEvery evaluate every this many steps (and at the last step); 0 = only at the last step
 * @param evalAtStart also evaluate before the first step of a fresh run (step 0)
 * @param evalEpisodes episodes per variant
 * @param evalSeed root of the evaluation episodes (the same episodes at every evaluation)
 * @param evalBatchSize environments stepped together during evaluation
 * @param evalMaxNewTokens generation budget per answer during evaluation (greedy)
 * @param checkpointEvery save a checkpoint every this many steps (and at the last step); 0 = only at the last step
 * @param keepCheckpoints keep only the newest this many checkpoints; 0 = keep all
 * @param stopAfterSteps stop after this many steps without a final checkpoint or evaluation, as if killed
 *     (resume tests); 0 = run to {@code steps}
 * @param runDir the run folder: {@code metrics.jsonl}, {@code run.json}, {@code checkpoints/} (to continue a run
 *     in it, call the trainer's {@code resume()})
 */
public record SftConfig(
        int steps,
        int batchSize,
        int microBatchSize,
        double learningRate,
        double minLearningRate,
        double warmupFraction,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        double maxGradNorm,
        long seed,
        boolean sortByLength,
        int logEvery,
        List<String> evalVariants,
        Map<String, String> evalOptions,
        int evalEvery,
        boolean evalAtStart,
        int evalEpisodes,
        long evalSeed,
        int evalBatchSize,
        int evalMaxNewTokens,
        int checkpointEvery,
        int keepCheckpoints,
        int stopAfterSteps,
        Path runDir) {
    public SftConfig {
        positive("steps", steps);
        positive("batchSize", batchSize);
        positive("microBatchSize", microBatchSize);
        if (batchSize % microBatchSize != 0) {
            throw new IllegalArgumentException(
                    "microBatchSize must divide batchSize, got " + microBatchSize + " and " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
            throw new IllegalArgumentException(
                    "minLearningRate must be in [0, learningRate=" + learningRate + "], got " + minLearningRate);
        }
        if (!(warmupFraction >= 0 && warmupFraction <= 1)) {
            throw new IllegalArgumentException("warmupFraction must be in [0, 1], got " + warmupFraction);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need eps > 0 and weightDecay >= 0, got " + eps + ", " + weightDecay);
        }
        if (!(maxGradNorm >= 0) || Double.isInfinite(maxGradNorm)) {
            throw new IllegalArgumentException("maxGradNorm must be >= 0 (0 = no clipping), got " + maxGradNorm);
        }
        positive("logEvery", logEvery);
        evalVariants = List.copyOf(Objects.requireNonNull(evalVariants, "evalVariants"));
        evalOptions = Map.copyOf(Objects.requireNonNull(evalOptions, "evalOptions"));
        nonNegative("evalEvery", evalEvery);
        positive("evalEpisodes", evalEpisodes);
        positive("evalBatchSize", evalBatchSize);
        positive("evalMaxNewTokens", evalMaxNewTokens);
        nonNegative("checkpointEvery", checkpointEvery);
        nonNegative("keepCheckpoints", keepCheckpoints);
        nonNegative("stopAfterSteps", stopAfterSteps);
        Objects.requireNonNull(runDir, "runDir");
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    private static void nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.steps = steps;
        b.batchSize = batchSize;
        b.microBatchSize = microBatchSize;
        b.learningRate = learningRate;
        b.minLearningRate = minLearningRate;
        b.warmupFraction = warmupFraction;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.eps = eps;
        b.weightDecay = weightDecay;
        b.maxGradNorm = maxGradNorm;
        b.seed = seed;
        b.sortByLength = sortByLength;
        b.logEvery = logEvery;
        b.evalVariants = evalVariants;
        b.evalOptions = evalOptions;
        b.evalEvery = evalEvery;
        b.evalAtStart = evalAtStart;
        b.evalEpisodes = evalEpisodes;
        b.evalSeed = evalSeed;
        b.evalBatchSize = evalBatchSize;
        b.evalMaxNewTokens = evalMaxNewTokens;
        b.checkpointEvery = checkpointEvery;
        b.keepCheckpoints = keepCheckpoints;
        b.stopAfterSteps = stopAfterSteps;
        b.runDir = runDir;
        return b;
    }

    /** Micro-batches accumulated per optimizer step. */
    public int accumulationSteps() {
        return batchSize / microBatchSize;
    }

    /**
     * The fields that decide the trained weights and metrics, as plain values: saved in checkpoints and compared
     * on resume (run folder, stop point and checkpoint retention may differ between the two runs).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("batchSize", batchSize);
        m.put("microBatchSize", microBatchSize);
        m.put("learningRate", learningRate);
        m.put("minLearningRate", minLearningRate);
        m.put("warmupFraction", warmupFraction);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("maxGradNorm", maxGradNorm);
        m.put("seed", seed);
        m.put("sortByLength", sortByLength);
        m.put("logEvery", logEvery);
        m.put("evalVariants", new ArrayList<>(evalVariants));
        m.put("evalOptions", new java.util.TreeMap<>(evalOptions));
        m.put("evalEvery", evalEvery);
        m.put("evalAtStart", evalAtStart);
        m.put("evalEpisodes", evalEpisodes);
        m.put("evalSeed", evalSeed);
        m.put("evalBatchSize", evalBatchSize);
        m.put("evalMaxNewTokens", evalMaxNewTokens);
        m.put("checkpointEvery", checkpointEvery);
        return m;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the study's optimizer defaults (AdamW 0.9/0.98, eps 1e-7, no weight decay, 3% warmup). */
    public static final class Builder {
        private Integer steps;
        private Double learningRate;
        private Path runDir;
        private int batchSize = 32;
        private Integer microBatchSize;
        private double minLearningRate = 0;
        private double warmupFraction = 0.03;
        private double beta1 = 0.9;
        private double beta2 = 0.98;
        private double eps = 1e-7;
        private double weightDecay = 0;
        private double maxGradNorm = 1.0;
        private long seed = 0;
        private boolean sortByLength = true;
        private int logEvery = 1;
        private List<String> evalVariants = List.of();
        private Map<String, String> evalOptions = Map.of();
        private int evalEvery = 0;
        private boolean evalAtStart = false;
        private int evalEpisodes = 100;
        private long evalSeed = 20250128L;
        private int evalBatchSize = 32;
        private int evalMaxNewTokens = 64;
        private int checkpointEvery = 0;
        private int keepCheckpoints = 0;
        private int stopAfterSteps = 0;

        private Builder() {}

        public Builder steps(int steps) { this.steps = steps; return this; }
        public Builder learningRate(double lr) { this.learningRate = lr; return this; }
        public Builder runDir(Path runDir) { this.runDir = runDir; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        /** Defaults to the batch size (no accumulation). */
        public Builder microBatchSize(int micro) { this.microBatchSize = micro; return this; }
        public Builder minLearningRate(double lr) { this.minLearningRate = lr; return this; }
        public Builder warmupFraction(double f) { this.warmupFraction = f; return this; }
        public Builder beta1(double beta1) { this.beta1 = beta1; return this; }
        public Builder beta2(double beta2) { this.beta2 = beta2; return this; }
        public Builder eps(double eps) { this.eps = eps; return this; }
        public Builder weightDecay(double wd) { this.weightDecay = wd; return this; }
        public Builder maxGradNorm(double norm) { this.maxGradNorm = norm; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder sortByLength(boolean sort) { this.sortByLength = sort; return this; }
        public Builder logEvery(int every) { this.logEvery = every; return this; }
        public Builder evalVariants(List<String> variants) { this.evalVariants = variants; return this; }
        public Builder evalOptions(Map<String, String> options) { this.evalOptions = options; return this; }
        public Builder evalEvery(int every) { this.evalEvery = every; return this; }
        public Builder evalAtStart(boolean atStart) { this.evalAtStart = atStart; return this; }
        public Builder evalEpisodes(int episodes) { this.evalEpisodes = episodes; return this; }
        public Builder evalSeed(long seed) { this.evalSeed = seed; return this; }
        public Builder evalBatchSize(int size) { this.evalBatchSize = size; return this; }
        public Builder evalMaxNewTokens(int tokens) { this.evalMaxNewTokens = tokens; return this; }
        public Builder checkpointEvery(int every) { this.checkpointEvery = every; return this; }
        public Builder keepCheckpoints(int keep) { this.keepCheckpoints = keep; return this; }
        public Builder stopAfterSteps(int steps) { this.stopAfterSteps = steps; return this; }

        /** @throws IllegalArgumentException when a required value is missing or a value is out of range */
        public SftConfig build() {
            List<String> missing = new ArrayList<>();
            if (steps == null) {
                missing.add("steps");
            }
            if (learningRate == null) {
                missing.add("learningRate");
            }
            if (runDir == null) {
                missing.add("runDir");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("SftConfig is missing required values: " + String.join(", ", missing));
            }
            return new SftConfig(steps, batchSize, microBatchSize == null ? batchSize : microBatchSize, learningRate,
                    minLearningRate, warmupFraction, beta1, beta2, eps, weightDecay, maxGradNorm, seed, sortByLength,
                    logEvery, evalVariants, evalOptions, evalEvery, evalAtStart, evalEpisodes, evalSeed,
                    evalBatchSize, evalMaxNewTokens, checkpointEvery, keepCheckpoints, stopAfterSteps, runDir);
        }
    }
}
