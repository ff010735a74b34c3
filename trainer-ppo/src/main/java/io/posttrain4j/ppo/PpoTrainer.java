package io.posttrain4j.ppo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.rollout.RecordedGenerations;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.AdamW;
import io.posttrain4j.core.train.Flops;
import io.posttrain4j.core.train.GradientClipping;
import io.posttrain4j.core.train.GradientGuard;
import io.posttrain4j.core.train.KlFromBase;
import io.posttrain4j.core.train.LearningRateSchedule;
import io.posttrain4j.core.train.MetricsLog;
import io.posttrain4j.core.train.ProgressReporter;
import io.posttrain4j.core.train.Provenance;
import io.posttrain4j.core.train.RunFolder;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;

/**
 * Turn-level PPO (or GRPO) on a {@link TrainablePolicy} over an environment: one update reads top to bottom as
 * rollout, scoring of the buffer, rewards (minus an optional KL penalty), advantages (GAE, or group
 * normalisation), then epochs x minibatches of the clipped objective with gradient accumulation over micro-batches,
 * global-norm clipping and an AdamW step, then metrics, evaluation and a checkpoint.
 *
 * <p>A run lives in a folder: {@code metrics.jsonl} (one record per update, {@code step} = updates done;
 * step 0 is the evaluation before training), {@code run.json}, {@code checkpoints/} (resume state, see
 * {@link TrainingCheckpoint}) and, with a KL penalty, {@code reference/} (the frozen initial policy). After
 * {@link #resume()} a killed run continues with the same rollouts, minibatch orders and optimizer state, so its
 * metrics equal an uninterrupted run's (timings aside).
 *
 * <p>Not thread-safe; run on one thread. The trainer does not own the policy: close it yourself.
 */
public final class PpoTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PpoTrainer.class);

    private final PpoConfig config;
    private final TrainablePolicy policy;
    private final Environments environments;
    private final Path runDir;
    private final NDManager manager;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final TrainingCheckpoint checkpoints;
    private final Supplier<Environment> factory;
    private final String qualifiedEnvironment;
    private RolloutWorkers workers;
    private final PpoLoss.Coefficients coefficients;
    private final AdvantageEstimator estimator;
    private TrainablePolicy reference;
    private Provenance provenance;
    private MetricsLog metrics;
    private int updatesDone;
    private long skipped;
    private final GradientGuard guard = new GradientGuard();
    private long optimizerSteps;
    private long bufferTokens;
    private long trainTokens;
    private Map<String, Object> lastEval = Map.of();
    private Map<String, EvalResult> lastEvalResults = Map.of();
    private Map<String, Object> lastRecord = Map.of();
    private double trainSeconds;
    private KlFromBase klFromBase;
    private boolean resumeAsked;

    /**
     * A trainer for a fresh run or, after {@link #resume()}, a continued one.
     *
     * @param policy the policy to train (its current weights are the start, e.g. an SFT checkpoint)
     * @param environments where {@link PpoConfig#environment()} and the evaluation variants are resolved
     * @param runDir the run folder (created when missing)
     * @throws IllegalArgumentException when the environment name or its options are bad
     */
    public PpoTrainer(PpoConfig config, TrainablePolicy policy, Environments environments, Path runDir) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.environments = Objects.requireNonNull(environments, "environments");
        this.runDir = Objects.requireNonNull(runDir, "runDir").toAbsolutePath();
        if (config.environment().isEmpty()) {
            throw new IllegalArgumentException("the PPO config names no environment: set one with "
                    + "toBuilder().environment(\"provider/variant\") (the presets leave it empty)");
        }
        Map<String, String> options = config.effectiveEnvironmentOptions();
        String qualified = environments.resolve(config.environment()).qualifiedName();
        environments.create(qualified, options).close(); // fail fast on a bad name or option
        this.factory = () -> environments.create(qualified, options);
        this.qualifiedEnvironment = qualified;
        this.manager = NDManager.newBaseManager();
        this.optimizer = new AdamW(manager, config.adamBeta1(), config.adamBeta2(), config.adamEps(),
                config.weightDecay());
        this.schedule = new LearningRateSchedule(config.learningRate(), config.minLearningRate(), 0, config.updates());
        this.checkpoints = new TrainingCheckpoint(this.runDir.resolve("checkpoints"));
        this.coefficients = PpoLoss.Coefficients.of(config);
        this.provenance = Provenance.now(kind(), config.seed(), config.toMap());
        this.estimator = AdvantageEstimator.of(config);
    }

    public PpoConfig config() {
        return config;
    }

    /** The run's kind in {@code run.json} and checkpoints: {@code ppo} or {@code grpo}. */
    public String kind() {
        return config.algorithm().name().toLowerCase(Locale.ROOT);
    }

    /** Updates completed so far (after a resume: those of the checkpoint). */
    public int updatesDone() {
        return updatesDone;
    }

    /**
     * Whether the run is over: every update done, or its compute budget ({@link PpoConfig#maxGflops()}) reached.
     */
    public boolean complete() {
        return updatesDone >= config.updates() || budgetSpent();
    }

    private boolean budgetSpent() {
        return config.maxGflops() > 0
                && Flops.rl(policy.parameterCount(), trainTokens, bufferTokens) / 1e9 >= config.maxGflops();
    }

    /** The metrics file of the run. */
    public Path metricsFile() {
        return runDir.resolve("metrics.jsonl");
    }

    /**
     * Continues from the newest checkpoint of the run folder, if there is one: policy weights, optimizer moments,
     * counters, reference policy; the metrics file is cut back to that update.
     *
     * @return whether a checkpoint was found
     * @throws IllegalStateException when the checkpoint was written with a different config
     */
    public boolean resume() throws IOException {
        if (metrics != null) {
            throw new IllegalStateException("resume() must come before the first update");
        }
        checkpoints.cleanUp(); // what kills left behind: temporary files, half-deleted folders
        Optional<Path> latest = checkpoints.latest();
        if (latest.isEmpty()) {
            resumeAsked = true;
            return false;
        }
        // The saved settings are compared before any weight is loaded: a changed model is named, not a shape.
        RunFolder.checkSameRun(latest.get(), kind(),
                TrainingCheckpoint.readState(latest.get()), savedConfig());
        policy.checkWeights(latest.get().resolve(TrainingCheckpoint.POLICY_DIR));
        resumeAsked = true; // only once the checkpoint is known to fit: a refused resume leaves a fresh-run trainer
        TrainingCheckpoint.State state = TrainingCheckpoint.restore(latest.get(), policy, optimizer);
        updatesDone = (int) state.position();
        skipped = state.longMetric("skipped_steps", state.longMetric("skipped_updates", 0)); // the older name
        guard.restore(state);
        optimizerSteps = state.longMetric("optimizer_steps", 0);
        bufferTokens = state.longMetric("tokens_buffer", 0);
        trainTokens = state.longMetric("tokens_train", 0);
        provenance = state.provenance() != null ? state.provenance() : provenance;
        if (config.usesReference()) {
            reference = policy.frozenCopy();
            reference.loadWeights(runDir.resolve("reference"));
        }
        metrics = MetricsLog.resume(metricsFile(), updatesDone);
        LOG.info("resumed {} at update {} from {}", runDir, updatesDone, latest.get());
        return true;
    }

    /**
     * Runs the remaining updates with progress on the terminal.
     *
     * @return what the run did; its {@code lastMetrics} is the last update's record
     */
    public TrainResult train() throws IOException {
        try (ProgressReporter progress = ProgressReporter.create(kind(), config.updates(),
                Math.min(updatesDone, config.updates()))) {
            while (!complete()) {
                update();
                progress.update(updatesDone, status(lastRecord));
            }
        }
        return new TrainResult(kind(), updatesDone, complete(), trainTokens,
                Flops.rl(policy.parameterCount(), trainTokens, bufferTokens), skipped, lastRecord, lastEvalResults,
                checkpoints.latest().orElse(null), trainSeconds);
    }

    /**
     * Generates each update's rollout on {@code workers} instead of in this JVM (e.g. on Spark executors); the
     * buffer is the same. The workers must find the environment through ServiceLoader where they run. Call before
     * the first update; the trainer does not close them.
     */
    public PpoTrainer rolloutWorkers(RolloutWorkers workers) {
        if (metrics != null) {
            throw new IllegalStateException("rolloutWorkers() must come before the first update");
        }
        this.workers = Objects.requireNonNull(workers, "workers");
        return this;
    }

    /** {@code plan}'s generations from the workers, replayed through this trainer's environments. */
    private Rollout replay(RolloutPlan plan) {
        long t0 = System.nanoTime();
        Map<Long, Generation> generations = workers.generate(plan, policy);
        Rollout r = new RolloutCollector(RecordedGenerations.replaying(generations, policy.name()),
                policy::promptTokens, plan.sampling(), plan.maxTurns()).collect(plan, factory);
        return new Rollout(r.samples(), r.episodes(), r.successes(), r.returnSum(), r.lengthSum(), r.tallies(),
                r.generatedTokens(), r.promptTokens(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs one update, then the evaluation and checkpoint it is due for; returns its metrics record. It reads as
     * CleanRL's ppo.py: collect, score, reward, credit, optimise, log.
     */
    public Map<String, Object> update() throws IOException {
        if (complete()) {
            throw new IllegalStateException("the run is complete: " + updatesDone + " of " + config.updates()
                    + " updates done" + (budgetSpent() ? ", its budget of " + config.maxGflops() + " GFLOPs spent" : ""));
        }
        start();
        int u = updatesDone;
        double lr = schedule.at(u);

        // 1. Rollout: one transition = one generation, seeds from (seed, update, slot, episode, turn).
        //    Rollout workers, when set, generate elsewhere; their generations are replayed here, the same buffer.
        RolloutPlan plan = RolloutPlan.of(config, qualifiedEnvironment,
                Seeds.derive(Seeds.stream(config.seed(), "rollout"), u));
        Rollout rollout = workers == null
                ? new RolloutCollector(policy, plan.sampling(), plan.maxTurns()).collect(plan, factory)
                : replay(plan);
        List<Sample> samples = rollout.samples();

        // 2. Old log-probs and values (and the reference's log-probs) by scoring the buffer under no-grad.
        long scoreStart = System.nanoTime();
        ScoredBuffer scored = ScoredBuffer.score(manager, policy, reference, samples, config,
                Math.max(config.microBatch(), 8));
        double scoreSeconds = (System.nanoTime() - scoreStart) / 1e9;

        // 3. Rewards, minus the KL penalty when it is placed in the reward.
        double[] rewards = new double[samples.size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = samples.get(i).step().reward();
            if (config.usesReference() && config.klPlacement() == KlPlacement.REWARD) {
                rewards[i] -= config.klCoef() * scored.refKl()[i];
            }
        }

        // 4. Advantages: GAE with the critic (PPO) or episode returns normalized per group (GRPO).
        AdvantageEstimator.Credit credit = estimator.credit(samples, rewards, scored);

        // 5. Epochs x minibatches of the clipped objective, accumulating micro-batch gradients.
        Optimisation opt = optimise(u, scored, credit.advantages(), credit.returns(), lr);

        // 6. Metrics, evaluation, checkpoint.
        bufferTokens += rollout.generatedTokens() + rollout.promptTokens();
        trainTokens += opt.trainTokens;
        trainSeconds += rollout.seconds() + scoreSeconds + opt.seconds;
        updatesDone = u + 1;
        Map<String, Object> record = record(rollout, scored, credit, opt, lr, scoreSeconds);
        boolean last = complete();
        if (config.evalEvery() > 0 && (updatesDone % config.evalEvery() == 0 || last)) {
            record.putAll(evaluationRecord());
        }
        metrics.write(updatesDone, record);
        if ((config.checkpointEvery() > 0 && updatesDone % config.checkpointEvery() == 0) || last) {
            checkpoint();
        }
        lastRecord = record;
        return record;
    }

    /** The metrics record of an update (before its evaluation). */
    private Map<String, Object> record(Rollout rollout, ScoredBuffer scored, AdvantageEstimator.Credit credit,
            Optimisation opt, double lr, double scoreSeconds) {
        int n = rollout.samples().size();
        Map<String, Object> record = new LinkedHashMap<>(credit.metrics());
        record.put("episodes", rollout.episodes());
        record.put("transitions", n);
        record.put("reward_mean", mean(rewardsOf(rollout.samples())));
        record.put("episode_return", rollout.meanReturn());
        record.put("success_rate", rollout.successRate());
        record.put("episode_length", rollout.meanLength());
        record.put("response_length", (double) rollout.generatedTokens() / Math.max(1, n));
        rollout.tallies().forEach((k, v) -> record.put("rollout/" + k, v.rate()));
        record.put("policy_loss", opt.mean("policy_loss"));
        if (estimator.usesCritic()) {
            record.put("value_loss", opt.mean("value_loss"));
        }
        record.put("entropy", opt.mean("entropy"));
        record.put("approx_kl", opt.mean("approx_kl"));
        record.put("clip_fraction", opt.mean("clip_fraction"));
        if (config.usesReference()) {
            record.put("kl_ref", mean(scored.refKl()));
        }
        record.put("grad_norm", opt.mean("grad_norm"));
        record.put("lr", lr);
        if (estimator.usesCritic() && config.valueLearningRate() > 0) {
            record.put("value_lr", config.valueRate(lr));
        }
        record.put("epochs_run", opt.epochsRun);
        record.put("optimizer_steps", optimizerSteps);
        record.put("skipped_steps", skipped);
        record.put("grad_spikes", guard.spikes());
        record.put("tokens_buffer", bufferTokens);
        record.put("tokens_train", trainTokens);
        double flops = Flops.rl(policy.parameterCount(), trainTokens, bufferTokens);
        record.put("flops", flops);
        record.put("gflops", Flops.giga(flops));
        record.put("rollout_seconds", rollout.seconds());
        record.put("score_seconds", scoreSeconds);
        record.put("update_seconds", opt.seconds);
        record.put("rollout_tokens_per_s", rollout.generatedTokens() / Math.max(1e-9, rollout.seconds()));
        record.put("update_tokens_per_s", opt.trainTokens / Math.max(1e-9, opt.seconds));
        return record;
    }

    /** Evaluates the policy greedily at the fixed evaluation seeds on every configured variant. */
    public Map<String, EvalResult> evaluate() {
        Evaluator evaluator = new Evaluator(environments, config.evalEpisodes(), config.evalSeed(),
                Sampling.greedy(config.maxNewTokens()), config.evalBatch(), config.effectiveEnvironmentOptions());
        return evaluator.evaluate(policy, config.evaluatedVariants());
    }

    /**
     * Also logs {@code kl_from_base}, the forward KL from a base policy on its stored samples, with every
     * evaluation. Call before the first update.
     *
     * @return this trainer
     */
    public PpoTrainer logKlFromBase(KlFromBase kl) {
        this.klFromBase = Objects.requireNonNull(kl, "kl");
        return this;
    }

    private Map<String, Object> evaluationRecord() {
        lastEvalResults = evaluate();
        Map<String, Object> out = RunFolder.evalMetrics(lastEvalResults);
        if (klFromBase != null) {
            out.put("kl_from_base", klFromBase.estimate(policy, config.evalBatch()));
        }
        lastEval = out;
        return out;
    }

    /** Opens the run on the first update: run folder, config, reference, metrics, evaluation before training. */
    private void start() throws IOException {
        if (metrics != null) {
            return;
        }
        if (!resumeAsked) {
            RunFolder.refuseEarlierRun(runDir, checkpoints);
        }
        Files.createDirectories(runDir);
        RunFolder.writeRunFile(runDir, kind(), savedConfig(), provenance);
        if (config.usesReference()) {
            reference = policy.frozenCopy();
            reference.save(runDir.resolve("reference"));
        }
        metrics = MetricsLog.create(metricsFile());
        if (config.evalEvery() > 0) {
            metrics.write(0, evaluationRecord());
        }
    }

    /** What one update's optimisation did. */
    private static final class Optimisation {
        final Map<String, double[]> sums = new HashMap<>(); // name -> {weighted sum, weight}
        long trainTokens;
        int epochsRun;
        double seconds;

        void add(String name, double value, double weight) {
            if (Double.isFinite(value)) {
                double[] s = sums.computeIfAbsent(name, k -> new double[2]);
                s[0] += value * weight;
                s[1] += weight;
            }
        }

        double mean(String name) {
            double[] s = sums.get(name);
            return s == null || s[1] == 0 ? Double.NaN : s[0] / s[1];
        }
    }

    private Optimisation optimise(int u, ScoredBuffer scored, double[] advantages, double[] returns, double lr) {
        long t0 = System.nanoTime();
        Optimisation opt = new Optimisation();
        List<Sample> samples = scored.samples();
        int n = samples.size();
        Map<String, NDArray> params = policy.parameters();
        boolean critic = estimator.usesCritic();
        Set<String> valueHead = policy.valueHeadParameters();
        double valueLr = config.valueRate(lr);
        ScoreOptions options = new ScoreOptions(config.temperature(), config.answerKey(), config.thoughtWeight(),
                critic, true);
        boolean klInLoss = config.usesReference() && config.klPlacement() == KlPlacement.LOSS;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int[] order = permutation(n, Seeds.derive(Seeds.stream(config.seed(), "minibatch"), u, epoch));
            double epochKl = 0;
            int epochRows = 0;
            for (int mb = 0; mb < config.minibatches(); mb++) {
                int from = (int) ((long) n * mb / config.minibatches());
                int to = (int) ((long) n * (mb + 1) / config.minibatches());
                if (to <= from) {
                    continue;
                }
                // Within a minibatch, micro-batches of similar lengths pad less; the minibatch gradient (a sum
                // over its rows) is the same whatever the grouping.
                sortByLength(order, from, to, samples);
                boolean finite = true;
                for (int m = from; m < to && finite; m += config.microBatch()) {
                    int end = Math.min(to, m + config.microBatch());
                    int b = end - m;
                    List<Observation> obs = new ArrayList<>(b);
                    List<int[]> responses = new ArrayList<>(b);
                    double[] old = new double[b];
                    double[] adv = new double[b];
                    double[] ret = new double[b];
                    double[] oldV = new double[b];
                    float[][] ref = klInLoss ? new float[b][] : null;
                    for (int k = 0; k < b; k++) {
                        int i = order[m + k];
                        obs.add(samples.get(i).observation());
                        responses.add(ScoredBuffer.responseOf(policy, samples.get(i)));
                        old[k] = scored.oldLogProbs()[i];
                        adv[k] = advantages[i];
                        ret[k] = returns[i];
                        oldV[k] = scored.oldValues()[i];
                        if (klInLoss) {
                            ref[k] = scored.refTokenLogProbs()[i];
                        }
                    }
                    try (NDManager step = manager.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Scores s = policy.score(step, obs, responses, options);
                        PpoLoss.Terms t = PpoLoss.compute(step, s, new PpoLoss.Targets(old, adv, ret, oldV, ref),
                                coefficients);
                        // Each micro-batch's mean is weighted by its share, so the sum is the minibatch mean.
                        NDArray loss = Tensors.mul(t.loss(), (float) b / (to - from));
                        if (!Float.isFinite(loss.getFloat())) {
                            LOG.warn("update {} epoch {} minibatch {}: non-finite loss (policy {}, value {}, "
                                    + "entropy {}, kl {}, approx kl {})", u + 1, epoch, mb, t.policyLoss(),
                                    t.valueLoss(), t.entropy(), t.kl(), t.approxKl());
                            finite = false;
                            break;
                        }
                        gc.backward(loss);
                        opt.trainTokens += s.totalTokens();
                        opt.add("policy_loss", t.policyLoss(), b);
                        opt.add("value_loss", t.valueLoss(), b);
                        opt.add("entropy", t.entropy(), b);
                        opt.add("approx_kl", t.approxKl(), b);
                        opt.add("clip_fraction", t.clipFraction(), b);
                        epochKl += t.approxKl() * b;
                        epochRows += b;
                    }
                }
                double norm = finite ? GradientClipping.globalNorm(params.values()) : Double.NaN;
                GradientGuard.Verdict verdict = guard.check(finite ? 0 : Double.NaN, norm);
                if (verdict != GradientGuard.Verdict.ACCEPT) {
                    // A non-finite or corrupted gradient would wreck the weights: drop this step, count it.
                    Autograd.zeroGradients(params.values());
                    skipped++;
                    LOG.warn("update {} epoch {} minibatch {}: step skipped: {}", u + 1, epoch, mb,
                            finite ? guard.explain(verdict, 0, norm) : "non-finite loss");
                    continue;
                }
                opt.add("grad_norm", norm, 1);
                optimizer.step(params, name -> valueHead.contains(name) ? valueLr : lr,
                        GradientClipping.scale(norm, config.maxGradNorm()));
                optimizerSteps++;
            }
            opt.epochsRun = epoch + 1;
            if (config.targetKl() > 0 && epochRows > 0 && epochKl / epochRows > config.targetKl()) {
                break;
            }
        }
        opt.seconds = (System.nanoTime() - t0) / 1e9;
        return opt;
    }

    private void checkpoint() throws IOException {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("skipped_steps", skipped);
        counters.putAll(guard.state());
        counters.put("optimizer_steps", optimizerSteps);
        counters.put("tokens_buffer", bufferTokens);
        counters.put("tokens_train", trainTokens);
        counters.put("flops", Flops.rl(policy.parameterCount(), trainTokens, bufferTokens));
        counters.putAll(lastEval);
        checkpoints.save(policy, optimizer, new TrainingCheckpoint.State(kind(), updatesDone, 0, updatesDone,
                savedConfig(), provenance, counters));
        checkpoints.prune(config.keepCheckpoints());
    }

    /** The settings a checkpoint records: the config, and the policy's name and size (its model). */
    private Map<String, Object> savedConfig() {
        Map<String, Object> m = new LinkedHashMap<>(config.toMap());
        m.put(RunFolder.POLICY_KEY, policy.name());
        m.put(RunFolder.PARAMETERS_KEY, policy.parameterCount());
        return m;
    }

    /** Sorts {@code order[from, to)} by the sample's total tokens (prompt + response), ties by index. */
    static void sortByLength(int[] order, int from, int to, List<Sample> samples) {
        Integer[] slice = new Integer[to - from];
        for (int k = from; k < to; k++) {
            slice[k - from] = order[k];
        }
        java.util.Arrays.sort(slice, java.util.Comparator
                .comparingInt((Integer i) -> samples.get(i).promptTokens() + samples.get(i).generation().tokens().length)
                .thenComparingInt(i -> i));
        for (int k = from; k < to; k++) {
            order[k] = slice[k - from];
        }
    }

    /** A Fisher-Yates permutation of 0..n-1 from {@code seed}. */
    static int[] permutation(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static double[] rewardsOf(List<Sample> samples) {
        return samples.stream().mapToDouble(s -> s.step().reward()).toArray();
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return a.length == 0 ? Double.NaN : s / a.length;
    }

    private static String status(Map<String, Object> r) {
        return String.format(java.util.Locale.ROOT, "success %.3f reward %.3f kl %.4f",
                ((Number) r.get("success_rate")).doubleValue(), ((Number) r.get("reward_mean")).doubleValue(),
                ((Number) r.get("approx_kl")).doubleValue());
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (reference != null) {
            reference.close();
        }
        optimizer.close();
        manager.close();
    }

    /** The run folder. */
    public Path runDir() {
        return runDir;
    }
}
