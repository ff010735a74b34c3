package io.posttrain4j.sft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.train.AdamW;
import io.posttrain4j.core.train.Flops;
import io.posttrain4j.core.train.GradientClipping;
import io.posttrain4j.core.train.GradientGuard;
import io.posttrain4j.core.train.KlFromBase;
import io.posttrain4j.core.train.LearningRateSchedule;
import io.posttrain4j.core.train.MetricsLog;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ProgressReporter;
import io.posttrain4j.core.train.Provenance;
import io.posttrain4j.core.train.RunFolder;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;
import io.posttrain4j.sft.data.SftExample;

/**
 * Supervised fine-tuning of a {@link TrainablePolicy} on prompt/response examples: cross-entropy on response
 * tokens only, AdamW with warmup + cosine, global-norm clipping in float64 (a step whose loss or norm is not
 * finite, or whose norm is a spike far above its running scale, is skipped and counted: {@link GradientGuard}),
 * gradient accumulation over micro-batches, periodic greedy evaluation on environment variants at fixed seeds,
 * JSON-lines metrics, and checkpoints that resume exactly.
 *
 * <p>Loss of a step: the sum of {@code -log p(token)} over the response tokens of its batch divided by their
 * count (a token mean over the whole batch), so k accumulated micro-batches give the gradient of one big batch.
 *
 * <p>Determinism: the data order derives from {@code (seed, epoch)}, evaluation episodes from {@code evalSeed},
 * and nothing else is random, so a run stopped and resumed from a checkpoint ends with the same weights and
 * metrics as a run straight through (given the same deterministic numeric kernels). One run per process at a
 * time (DJL allows one open GradientCollector); not thread-safe.
 */
public final class SftTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);
    /** The metrics file in the run folder. */
    public static final String METRICS_FILE = RunFolder.METRICS_FILE;
    /** The run description (kind, config with data and policy, provenance) in the run folder. */
    public static final String RUN_FILE = RunFolder.RUN_FILE;

    private final String kind;
    private final SftConfig config;
    private final TrainablePolicy policy;
    private final TrainingData data;
    private final List<Probe> probes;
    private final Environments environments;
    private KlFromBase klFromBase;
    private boolean resumeAsked;
    private boolean started;
    private Path resumeFrom;

    /**
     * @param environments where {@code config.evalVariants()} are resolved; may be null when there are none
     * @throws IllegalArgumentException for an empty dataset, or evaluation variants without environments
     */
    public SftTrainer(SftConfig config, TrainablePolicy policy, List<SftExample> examples, Environments environments) {
        this(config, policy, examples, List.of(), environments);
    }

    /**
     * A trainer that also scores {@code probes} at every evaluation (e.g. how well the model still reads rules of
     * a pretraining corpus while it is fine-tuned on one task).
     *
     * @param environments where {@code config.evalVariants()} are resolved; may be null when there are none
     * @throws IllegalArgumentException for an empty dataset, or evaluation variants without environments
     */
    public SftTrainer(SftConfig config, TrainablePolicy policy, List<SftExample> examples, List<Probe> probes,
            Environments environments) {
        this("sft", config, policy, new DatasetData(examples, policy, config.seed()), probes, environments);
    }

    SftTrainer(String kind, SftConfig config, TrainablePolicy policy, TrainingData data, List<Probe> probes,
            Environments environments) {
        this.kind = kind;
        this.config = Objects.requireNonNull(config, "config");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.data = Objects.requireNonNull(data, "data");
        this.probes = List.copyOf(probes);
        if (!config.evalVariants().isEmpty() && environments == null) {
            throw new IllegalArgumentException("evalVariants " + config.evalVariants() + " need an Environments registry");
        }
        this.environments = environments;
    }

    public SftConfig config() {
        return config;
    }

    /**
     * Also logs {@code kl_from_base}, the forward KL from a base policy on its stored samples, at every evaluation
     * (and so makes this trainer evaluate at {@code evalEvery} even without variants or probes). Call before
     * {@link #train()}.
     *
     * @return this trainer
     */
    public SftTrainer logKlFromBase(KlFromBase kl) {
        this.klFromBase = Objects.requireNonNull(kl, "kl");
        return this;
    }

    /** A SHA-256 over the examples' texts and images (empty for a corpus): resuming with other data is refused. */
    public String dataFingerprint() {
        return data instanceof DatasetData d ? d.fingerprint() : "";
    }

    /**
     * Continues the run in the run folder from its newest complete checkpoint, if there is one: the checkpoint's
     * trainer state is read and found to belong to this run (kind, configuration, data, policy preset and size)
     * before anything is written, so a caller can check before it writes files of its own; {@link #train()} then
     * restores it. Leftovers of a killed write are deleted first. Without this call, {@link #train()} starts a
     * fresh run and refuses a folder that holds one.
     *
     * @return whether a checkpoint was found (false: {@link #train()} starts a fresh run)
     * @throws IllegalStateException naming the settings that differ from the checkpoint's, or when called after
     *     {@link #train()}
     * @throws IOException naming the file when the checkpoint's trainer state is unreadable
     */
    public boolean resume() throws IOException {
        if (started) {
            throw new IllegalStateException("resume() must come before train()");
        }
        TrainingCheckpoint checkpoints = new TrainingCheckpoint(config.runDir().resolve("checkpoints"));
        checkpoints.cleanUp(); // what kills left behind: temporary files, half-deleted folders
        Optional<Path> from = checkpoints.latest();
        if (from.isPresent()) {
            RunFolder.checkSameRun(from.get(), kind, TrainingCheckpoint.readState(from.get()), runConfig());
            policy.checkWeights(from.get().resolve(TrainingCheckpoint.POLICY_DIR));
        }
        resumeAsked = true; // only once the checkpoint is known to fit: a refused resume leaves a fresh-run trainer
        resumeFrom = from.orElse(null);
        return from.isPresent();
    }

    /**
     * Trains until {@code config.steps()} (or {@code stopAfterSteps}), from the checkpoint that {@link #resume()}
     * found, or from the start.
     *
     * @throws IllegalStateException when not resuming in a run folder that already holds a run (checkpoints or
     *     metrics), or when called twice
     */
    public TrainResult train() throws IOException {
        if (started) {
            throw new IllegalStateException("train() runs once per trainer");
        }
        started = true;
        Path runDir = config.runDir();
        TrainingCheckpoint checkpoints = new TrainingCheckpoint(runDir.resolve("checkpoints"));
        Map<String, Object> runConfig = runConfig();
        if (!resumeAsked) {
            RunFolder.refuseEarlierRun(runDir, checkpoints);
        }
        Optional<Path> from = Optional.ofNullable(resumeFrom);
        Files.createDirectories(runDir);
        LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(
                config.learningRate(), config.minLearningRate(), config.warmupFraction(), config.steps());
        long n = policy.parameterCount();
        try (NDManager base = NDManager.newBaseManager();
                AdamW optimizer = new AdamW(base, config.beta1(), config.beta2(), config.eps(), config.weightDecay())) {
            Progress at = new Progress();
            Provenance provenance;
            MetricsLog metrics;
            if (from.isPresent()) {
                TrainingCheckpoint.State s = TrainingCheckpoint.restore(from.get(), policy, optimizer);
                at.restore(s);
                provenance = s.provenance();
                metrics = MetricsLog.resume(runDir.resolve(METRICS_FILE), s.step());
                LOG.info("resumed {} at step {} (epoch {}, position {})", from.get(), s.step(), s.epoch(), s.position());
            } else {
                provenance = Provenance.now(kind, config.seed(), runConfig);
                metrics = MetricsLog.create(runDir.resolve(METRICS_FILE));
                if (resumeAsked) {
                    LOG.info("no checkpoint in {}; starting a fresh run", checkpoints.root());
                }
            }
            RunFolder.writeRunFile(runDir, kind, runConfig, provenance);
            int target = config.stopAfterSteps() > 0 ? Math.min(config.steps(), config.stopAfterSteps()) : config.steps();
            Map<String, EvalResult> lastEval = new LinkedHashMap<>();
            Path lastCheckpoint = from.orElse(null);
            Map<String, Object> lastLine = Map.of();
            long trainNanos = 0;
            long tokensThisRun = 0;
            try (metrics; ProgressReporter progress = ProgressReporter.create(kind, config.steps(), at.step)) {
                if (at.step == 0 && config.evalAtStart() && evaluates()) {
                    lastEval = evaluate(metrics, 0, new LinkedHashMap<>());
                }
                while (at.step < target) {
                    long t0 = System.nanoTime();
                    TrainingData.Batch batch = data.take(policy, at.epoch, at.position, config.batchSize());
                    double lr = schedule.at((int) at.step);
                    StepStats stats;
                    try (TrainablePolicy.TrainingStep ignored = policy.trainingStep(config.seed(), at.step)) {
                        stats = step(base, optimizer, batch, lr, at.guard);
                    }
                    trainNanos += System.nanoTime() - t0;
                    tokensThisRun += stats.tokens;
                    at.advance(batch, stats, n);
                    boolean last = at.step == config.steps();
                    if (at.step % config.logEvery() == 0 || last) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("loss", stats.loss);
                        line.put("lr", lr);
                        line.put("tokens", at.tokens);
                        line.put("flops", at.flops);
                        line.put("grad_norm", stats.gradNorm);
                        line.put("skipped_steps", at.skipped);
                        line.put("grad_spikes", at.guard.spikes());
                        line.put("epoch", at.epoch);
                        metrics.write(at.step, line);
                        lastLine = line;
                    }
                    if (evaluates() && (last || (config.evalEvery() > 0 && at.step % config.evalEvery() == 0))) {
                        Map<String, Object> evalLine = new LinkedHashMap<>();
                        lastEval = evaluate(metrics, at.step, evalLine);
                        if (at.step % config.logEvery() == 0 || last) { // the step's record, then its evaluation
                            Map<String, Object> merged = new LinkedHashMap<>(lastLine);
                            merged.putAll(evalLine);
                            lastLine = merged;
                        }
                    }
                    if (last || (config.checkpointEvery() > 0 && at.step % config.checkpointEvery() == 0)) {
                        lastCheckpoint = checkpoints.save(policy, optimizer, at.state(runConfig, provenance, lastEval));
                        if (config.keepCheckpoints() > 0) {
                            checkpoints.prune(config.keepCheckpoints());
                        }
                    }
                    progress.update(at.step, String.format("loss %.4f lr %.2e", stats.loss, lr));
                }
            }
            double seconds = trainNanos / 1e9;
            LOG.info("{} stopped at step {}/{}: last record {}, {} tokens, {} skipped, {} tokens/s in {} s", kind,
                    at.step, config.steps(), lastLine, at.tokens, at.skipped,
                    Math.round(seconds > 0 ? tokensThisRun / seconds : 0), Math.round(seconds));
            return new TrainResult(kind, at.step, at.step == config.steps(), at.tokens, at.flops, at.skipped,
                    lastLine, lastEval, lastCheckpoint, seconds);
        }
    }

    /** One optimizer step over {@code batch}: accumulate micro-batch gradients, clip, update or skip. */
    private StepStats step(NDManager base, AdamW optimizer, TrainingData.Batch batch, double lr, GradientGuard guard) {
        int[] lengths = batch.lengths();
        int[] ordered = new int[lengths.length];
        Arrays.setAll(ordered, i -> i);
        if (config.sortByLength()) {
            Integer[] boxed = Arrays.stream(ordered).boxed().toArray(Integer[]::new);
            // Stable sort: equal lengths keep data order, so micro-batches are a pure function of the batch.
            Arrays.sort(boxed, Comparator.comparingInt(i -> lengths[i]));
            ordered = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        }
        long responseTokens = 0;
        for (int i : ordered) {
            responseTokens += batch.responses().get(i).length;
        }
        Map<String, NDArray> parameters = policy.parameters();
        double loss = 0;
        long tokens = 0;
        int micro = config.microBatchSize();
        try (NDManager stepManager = base.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (int start = 0; start < ordered.length; start += micro) {
                    List<Observation> prompts = new ArrayList<>(micro);
                    List<int[]> answers = new ArrayList<>(micro);
                    for (int k = start; k < Math.min(ordered.length, start + micro); k++) {
                        prompts.add(batch.examples().get(ordered[k]).prompt());
                        answers.add(batch.responses().get(ordered[k]));
                    }
                    try (NDManager microManager = stepManager.newSubManager()) {
                        Scores scores = policy.score(microManager, prompts, answers, ScoreOptions.likelihood());
                        NDArray part = SftLoss.tokenNll(scores, responseTokens);
                        collector.backward(part);
                        loss += part.getFloat();
                        tokens += scores.totalTokens();
                    }
                }
            }
            double norm = GradientClipping.globalNorm(parameters.values());
            GradientGuard.Verdict verdict = guard.check(loss, norm);
            if (verdict != GradientGuard.Verdict.ACCEPT) {
                Autograd.zeroGradients(parameters.values());
                LOG.warn("skipping the update: {}", guard.explain(verdict, loss, norm));
                return new StepStats(loss, norm, tokens, true);
            }
            double scale = config.maxGradNorm() > 0 ? GradientClipping.scale(norm, config.maxGradNorm()) : 1.0;
            optimizer.step(parameters, lr, scale);
            return new StepStats(loss, norm, tokens, false);
        }
    }

    private boolean evaluates() {
        return !config.evalVariants().isEmpty() || !probes.isEmpty() || klFromBase != null;
    }

    /**
     * Greedy evaluation on every configured variant at the fixed evaluation seeds, every probe and the KL from the
     * base; puts their metrics into {@code line} ({@link RunFolder#evalMetrics}, {@code probe/<name>},
     * {@code kl_from_base}) and logs it as one metrics record.
     */
    private Map<String, EvalResult> evaluate(MetricsLog metrics, long step, Map<String, Object> line) {
        Map<String, EvalResult> results = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.enter()) {
            Evaluator evaluator = config.evalVariants().isEmpty() ? null : new Evaluator(environments,
                    config.evalEpisodes(), config.evalSeed(), Sampling.greedy(config.evalMaxNewTokens()),
                    config.evalBatchSize(), config.evalOptions());
            for (String variant : config.evalVariants()) {
                EvalResult r = evaluator.evaluate(policy, variant);
                results.put(variant, r);
                LOG.info("step {} eval {}: {}", step, r.environment(), r.rates());
            }
            line.putAll(RunFolder.evalMetrics(results));
            for (Probe probe : probes) {
                double accuracy = probe.accuracy(policy, config.evalBatchSize(), config.evalMaxNewTokens());
                line.put("probe/" + probe.name(), accuracy);
                LOG.info("step {} probe {}: {}", step, probe.name(), accuracy);
            }
            if (klFromBase != null) {
                double kl = klFromBase.estimate(policy, config.evalBatchSize());
                line.put("kl_from_base", kl);
                LOG.info("step {} KL from the base: {} nats per response", step, kl);
            }
        }
        metrics.write(step, line);
        return results;
    }

    private Map<String, Object> runConfig() {
        Map<String, Object> m = config.toMap();
        m.putAll(data.describe());
        if (!probes.isEmpty()) {
            m.put("probes", probes.stream().map(Probe::name).toList());
        }
        m.put(RunFolder.POLICY_KEY, policy.name());
        m.put(RunFolder.PARAMETERS_KEY, policy.parameterCount());
        return m;
    }

    /** Nothing to release: the trainer holds no native memory between calls (the policy is the caller's). */
    @Override
    public void close() {}

    private record StepStats(double loss, double gradNorm, long tokens, boolean skipped) {}

    /** The counters that a checkpoint carries. */
    private final class Progress {
        long step;
        long epoch;
        long position;
        long tokens;
        double flops;
        long skipped;
        final GradientGuard guard = new GradientGuard();

        void restore(TrainingCheckpoint.State s) {
            step = s.step();
            epoch = s.epoch();
            position = s.position();
            tokens = s.longMetric("tokens", 0);
            flops = s.doubleMetric("flops", 0);
            skipped = s.longMetric("skipped_steps", 0);
            guard.restore(s);
        }

        void advance(TrainingData.Batch batch, StepStats stats, long parameters) {
            step++;
            epoch = batch.epoch();
            position = batch.position();
            tokens += stats.tokens;
            flops = Flops.sft(parameters, tokens);
            if (stats.skipped) {
                skipped++;
            }
        }

        TrainingCheckpoint.State state(Map<String, Object> config, Provenance provenance, Map<String, EvalResult> eval) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tokens", tokens);
            m.put("flops", flops);
            m.put("skipped_steps", skipped);
            m.putAll(guard.state());
            m.putAll(RunFolder.evalMetrics(eval));
            return new TrainingCheckpoint.State(kind, step, epoch, position, config, provenance, m);
        }
    }
}
