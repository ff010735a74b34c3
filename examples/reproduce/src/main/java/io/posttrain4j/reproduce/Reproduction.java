package io.posttrain4j.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;
import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.model.tokenizer.BpeTokenizer;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.PolicyProvider;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.tensor.Reproducibility;
import io.posttrain4j.core.train.KlFromBase;
import io.posttrain4j.core.train.MetricsLog;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;
import io.posttrain4j.ppo.PpoConfig;
import io.posttrain4j.ppo.PpoTrainer;
import io.posttrain4j.sft.EvalVariants;
import io.posttrain4j.sft.SftConfig;
import io.posttrain4j.sft.SftTrainer;
import io.posttrain4j.sft.data.ExpertData;
import io.posttrain4j.sft.data.SftConversation;
import io.posttrain4j.sft.data.SftExample;

/**
 * The study's experiment end to end: per task an SFT run (from scratch or from a pretrained base) whose early
 * checkpoint is the shared init and the rest of that run the SFT arm, or, for a plan that gives the init a rate of
 * its own, a short init run and the SFT arm continuing it; PPO arms from the init; every checkpoint of both arms
 * evaluated on the in-distribution and OOD variants at fixed seeds (from a base, with its forward KL from the
 * base); curves against training GFLOPs (the study's formulas), plots,
 * CSV/JSON lines, a markdown report and {@code report.html} (the same with sample episodes of every checkpoint, as
 * the policy saw them). Every stage resumes: rerunning the same command after a kill continues
 * the trainers from their checkpoints and skips evaluations already done.
 */
public final class Reproduction {
    private static final Logger LOG = LoggerFactory.getLogger(Reproduction.class);
    /** The evaluation seed of every arm and checkpoint. */
    public static final long EVAL_SEED = 20250128L;
    /** A bound on generations per RL episode, far above any task's (V-IRL: 2 attempts per rail point). */
    private static final int MAX_TURNS = 256;
    /** Evaluation episodes per variant and checkpoint kept whole for {@code report.html}. */
    static final int SAMPLES_PER_VARIANT = 2;
    /** Training prompts on which the forward KL from the base is measured (from a base only). */
    static final int KL_PROMPTS = 128;
    /** The response budget of evaluations and of the KL's samples. */
    private static final int EVAL_MAX_NEW_TOKENS = 96;

    private final ReproductionPlan plan;
    private final Path out;
    private final PrintWriter log;
    private final Environments environments = Environments.discover();
    private final PolicyProvider provider = Policies.discover().get("djl");

    private boolean sftOnly;
    private boolean trainOnly;
    private List<Integer> arms;
    private List<String> otherArms = List.of();
    /** Generation compute of the {@code rft} arms (task name to FLOPs), counted with their training compute. */
    private final Map<String, Double> rftGenerationFlops = new LinkedHashMap<>();
    /** Each task's base (task name to policy folder); a task not named starts from scratch. */
    private final Map<String, Path> bases = new LinkedHashMap<>();
    private double baseLearningRate;
    private VariantEvaluation evaluation = VariantEvaluation.IN_PROCESS;
    private Map<String, String> deviceOption = Map.of();
    private final List<ReportHtml.Checkpoint> sampled = new ArrayList<>();
    /** Each evaluated point's per-hand successes, by {@link PairedDifferences#key}. */
    private final Map<String, String> successBits = new LinkedHashMap<>();

    public Reproduction(ReproductionPlan plan, Path out, PrintWriter log) {
        this.plan = plan;
        this.out = out;
        this.log = log;
    }

    /**
     * Stop each task after its SFT run (the init and the SFT arm): RL arms, evaluations and the report are left to
     * a later run without this, which resumes from the finished SFT runs. Lets the SFT stages of several tasks be
     * prepared first, e.g. while the RL settings are still being chosen.
     */
    public Reproduction sftOnly(boolean sftOnly) {
        this.sftOnly = sftOnly;
        return this;
    }

    /**
     * Train (SFT and the selected RL arms) but leave evaluations and the report to a later run without this: lets
     * several processes train different arms of one task at once, e.g. {@code --arms 10} beside {@code --arms
     * 5,1,3}; a last run over everything then evaluates every checkpoint once and writes the report.
     */
    public Reproduction trainOnly(boolean trainOnly) {
        this.trainOnly = trainOnly;
        return this;
    }

    /**
     * Start each task's SFT run from a pretrained base instead of from scratch (the base's tokenizer and model
     * size; the plan's preset and tokenizer are not used), at {@code learningRate} instead of the plan's
     * from-scratch rate. The base's folder is written to {@code base.txt} in the output folder, and an output
     * folder holding a run of another base (or of no base) is refused.
     *
     * @param policyDir the base's policy folder (a checkpoint's {@code policy/})
     */
    public Reproduction fromBase(Path policyDir, double learningRate) {
        return fromBase(policyDir, learningRate, false);
    }

    /**
     * As {@link #fromBase(Path, double)} at each task's own SFT rate ({@link TaskPlan#sftLearningRate}): for a
     * plan made for a base, such as {@link ReproductionPlan#quickFromBase()}.
     */
    public Reproduction fromBase(Path policyDir) {
        return fromBase(policyDir, Double.NaN, true);
    }

    private Reproduction fromBase(Path policyDir, double learningRate, boolean planRate) {
        if (!planRate && (!(learningRate > 0) || Double.isInfinite(learningRate))) {
            throw new IllegalArgumentException("the SFT learning rate from a base must be > 0, got " + learningRate);
        }
        bases.clear();
        plan.tasks().forEach(t -> bases.put(t.name(), policyDir));
        this.baseLearningRate = learningRate;
        return this;
    }

    /**
     * Start the named tasks' SFT runs from their own bases, at each task's own SFT rate, and the other tasks from
     * scratch: for a plan whose tasks have different bases, such as {@link ReproductionPlan#fullFromBases()}.
     *
     * @param taskBases task name to the base's policy folder
     * @throws IllegalArgumentException naming a task the plan does not have
     */
    public Reproduction fromBases(Map<String, Path> taskBases) {
        List<String> known = plan.tasks().stream().map(TaskPlan::name).toList();
        for (String task : taskBases.keySet()) {
            if (!known.contains(task)) {
                throw new IllegalArgumentException(io.posttrain4j.core.spi.Names.unknown("task of plan " + plan.name(),
                        task, known));
            }
        }
        bases.clear();
        plan.tasks().stream().filter(t -> taskBases.containsKey(t.name()))
                .forEach(t -> bases.put(t.name(), taskBases.get(t.name())));
        this.baseLearningRate = Double.NaN;
        return this;
    }

    /** The base {@code task} starts from, or null when it starts from scratch. */
    private Path baseOf(TaskPlan task) {
        return bases.get(task.name());
    }

    /**
     * Play the checkpoints' evaluation episodes with {@code evaluation} (e.g. on Spark executors) instead of in this
     * process; the results must be the same.
     */
    public Reproduction evaluateWith(VariantEvaluation evaluation) {
        this.evaluation = java.util.Objects.requireNonNull(evaluation, "evaluation");
        return this;
    }

    /**
     * Train and evaluate on {@code device} ({@code cpu}, {@code gpu}, {@code gpu:N}: the policy provider's
     * {@code device} option) instead of the CPU.
     */
    public Reproduction device(String device) {
        this.deviceOption = device == null || device.equals("cpu") ? Map.of() : Map.of("device", device);
        return this;
    }

    /**
     * Also run these arms beyond the study from each task's init ({@link OtherArms#NAMES}): at the SFT arm's steps
     * and rate, {@code rules}, SFT on expert answers under many face-card rules (GeneralPoints only; the held-out
     * rule's values never appear), and {@code rft}, SFT on the init's own sampled answers that the verifier accepts
     * (one round of rejection sampling); at the RL arm's updates and rate, {@code grpo}, the RL arm's recipe with
     * GRPO's group-normalised credit, and {@code kl}, the RL arm's recipe with a KL penalty to the init in the reward.
     *
     * @throws IllegalArgumentException naming an unknown or repeated arm
     */
    public Reproduction otherArms(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!OtherArms.NAMES.contains(n)) {
                throw new IllegalArgumentException(io.posttrain4j.core.spi.Names.unknown("arm", n, OtherArms.NAMES));
            }
            if (names.indexOf(n) < i) {
                throw new IllegalArgumentException("arm '" + n + "' is named twice; name each of " + OtherArms.NAMES
                        + " at most once");
            }
        }
        this.otherArms = List.copyOf(names);
        return this;
    }

    /** Run only the RL arms with these verification-step counts (null: every arm of the plan). */
    public Reproduction arms(List<Integer> verifySteps) {
        this.arms = verifySteps == null ? null : List.copyOf(verifySteps);
        return this;
    }

    /** Runs every task of the plan and writes the report; returns the curve points. */
    public List<CurvePoint> run() throws IOException {
        List<CurvePoint> points = new ArrayList<>();
        say("%s", Reproducibility.describe(Device.cpu()));
        checkBase();
        WallTime.Ledger wallTime = WallTime.Ledger.open(out);
        for (TaskPlan task : plan.tasks()) {
            long t0 = System.nanoTime();
            points.addAll(runTask(task));
            say("%s %s in %s", task.name(), sftOnly ? "SFT stage done" : trainOnly ? "training done" : "done",
                    minutes(System.nanoTime() - t0));
            wallTime.record();
        }
        if (sftOnly || trainOnly) {
            return points;
        }
        writeOutputs(points, wallTime);
        return points;
    }

    private List<CurvePoint> runTask(TaskPlan task) throws IOException {
        Path dir = out.resolve(task.name());
        Path base = baseOf(task);
        Environments.Resolved trained = environments.resolve(task.trainVariant());
        List<String> evalVariants = EvalVariants.family(environments, trained.qualifiedName());
        Supplier<Environment> factory = () -> trained.provider().create(trained.variant().name(), task.envOptions());

        // 1. SFT: checkpoint initStep of one run is the init and the rest of that run the SFT arm; or, for a plan
        //    with a gentle init of its own, a short init run and the SFT arm continuing from its last checkpoint.
        Path sftDir = dir.resolve("sft");
        Path initDir = task.separateInit() ? dir.resolve("init") : sftDir;
        List<SftConversation> data = ExpertData.singleTurn(factory, Seeds.stream(plan.seed(), "sft-data"), task.examples());
        double sftRate = base != null && !Double.isNaN(baseLearningRate) ? baseLearningRate : task.sftLearningRate();
        say("%s: SFT %d steps x %d examples (init at step %d%s), %d expert conversations%s", task.name(),
                task.sftSteps(), task.sftBatch(), task.initStep(), task.separateInit() ? String.format(Locale.ROOT,
                        ", a run of its own at %.2g; the SFT arm at %.2g", task.initLearningRate(), sftRate) : "",
                data.size(), base != null ? ", from " + base : "");
        if (task.separateInit()) {
            sftRun(task, data, initDir, task.initStep(), task.initLearningRate(), task.initStep(), plan.seed(),
                    base != null ? base.toString() : null);
        } else {
            sftRun(task, data, sftDir, task.sftSteps(), sftRate, task.sftEvalEvery(), plan.seed(),
                    base != null ? base.toString() : null);
        }
        Path init = new TrainingCheckpoint(initDir.resolve("checkpoints")).folder(task.initStep());
        if (!TrainingCheckpoint.isComplete(init)) {
            throw new IOException("the SFT run did not leave the init checkpoint " + init);
        }
        double initFlops = TrainingCheckpoint.readState(init).doubleMetric("flops", 0);
        if (task.separateInit()) {
            sftRun(task, data, sftDir, task.sftSteps() - task.initStep(), sftRate, task.sftEvalEvery(),
                    Seeds.stream(plan.seed(), "sft-arm"), init.resolve(TrainingCheckpoint.POLICY_DIR).toString());
        }
        if (sftOnly) {
            return List.of();
        }

        // 2. RL arms from the init, one per verification-step count.
        for (int k : task.rlVerifySteps()) {
            if (arms != null && !arms.contains(k)) {
                continue;
            }
            String arm = task.rlArm(k);
            PpoConfig config = rlConfig(task, trained, k);
            if (task.ablationAtEqualCompute() && k != task.mainVerifySteps()) {
                double budget = mainArmGflops(task, dir);
                config = config.toBuilder().maxGflops(budget).build();
                say("%s: %s, PPO up to %d updates x %d transitions, %d verification steps, until the main arm's "
                        + "%.4g RL GFLOPs", task.name(), arm, task.rlUpdates(), task.rlTransitions(), k, budget);
            } else {
                say("%s: %s, PPO %d updates x %d transitions, %d verification steps", task.name(), arm,
                        task.rlUpdates(), task.rlTransitions(), k);
            }
            rlRun(config, init, dir.resolve(arm));
        }

        // 3. Arms beyond the study, from the same init: rules and rft with the SFT arm's steps and rate, grpo and kl
        //    with the RL arm's updates and rate.
        String initPolicy = init.resolve(TrainingCheckpoint.POLICY_DIR).toString();
        for (String arm : otherArms) {
            Path armDir = dir.resolve(arm);
            if (OtherArms.isRl(arm)) {
                PpoConfig config = OtherArms.rlArmConfig(arm, rlConfig(task, trained, task.mainVerifySteps()));
                say("%s: %s, %s", task.name(), arm, OtherArms.describe(arm, config));
                rlRun(config, init, armDir);
                continue;
            }
            int armSteps = task.sftSteps() - task.initStep();
            Path generation = armDir.resolve("generation.json");
            if (arm.equals(OtherArms.RFT) && Files.exists(generation) && TrainingCheckpoint.isComplete(
                    new TrainingCheckpoint(armDir.resolve("checkpoints")).folder(armSteps))) {
                rftGenerationFlops.put(task.name(), OtherArms.generationFlops(generation)); // trained: no resampling
                continue;
            }
            List<SftConversation> armData = arm.equals(OtherArms.RULES)
                    ? OtherArms.rulesData(task, trained, Seeds.stream(plan.seed(), "rules-data"))
                    : rftData(task, factory, initPolicy, armDir);
            if (armData.isEmpty()) {
                say("%s: %s has nothing to train on (the init solved none of its sampled answers); left out",
                        task.name(), arm);
                continue;
            }
            say("%s: %s, SFT %d steps on %d conversations", task.name(), arm, armSteps, armData.size());
            sftRun(task, armData, armDir, armSteps, sftRate, task.sftEvalEvery(), Seeds.stream(plan.seed(), arm),
                    initPolicy);
        }

        if (trainOnly) {
            return List.of();
        }

        // 4. Evaluate every checkpoint at the fixed seeds.
        Map<String, String> evalOptions = new LinkedHashMap<>(task.envOptions());
        evalOptions.putAll(task.evalOptions());
        Evaluator evaluator = new Evaluator(environments, task.evalEpisodes(), EVAL_SEED, Sampling.greedy(EVAL_MAX_NEW_TOKENS),
                Math.min(64, task.evalEpisodes()), evalOptions);
        CheckpointEvaluator evals = new CheckpointEvaluator(environments, provider, deviceOption, evaluator,
                dir.resolve("evals.jsonl"), evaluation, SAMPLES_PER_VARIANT);
        if (base != null) {
            evals.measureKl(() -> klFromBase(base, ExpertData.examples(data).stream().map(SftExample::prompt).toList()));
        }
        List<CurvePoint> points = new ArrayList<>();
        List<Path> sftCheckpoints = new ArrayList<>();
        if (task.separateInit()) {
            sftCheckpoints.add(init);
        }
        sftCheckpoints.addAll(CheckpointEvaluator.checkpoints(sftDir));
        for (Path ckpt : sftCheckpoints) {
            boolean isInit = ckpt.equals(init);
            // the SFT arm's steps and compute continue the init's when it is a run of its own
            long step = TrainingCheckpoint.stepOf(ckpt) + (task.separateInit() && !isInit ? task.initStep() : 0);
            if (step < task.initStep()) {
                continue;
            }
            String arm = isInit ? "init" : "sft";
            double flops = TrainingCheckpoint.readState(ckpt).doubleMetric("flops", 0)
                    + (task.separateInit() && !isInit ? initFlops : 0);
            addPoints(points, task, arm, step, flops, evals.evaluate(ckpt, evalVariants));
            keep(evals, task, arm, step, flops, ckpt, evalVariants);
        }
        for (int k : task.rlVerifySteps()) {
            String arm = task.rlArm(k);
            for (Path ckpt : CheckpointEvaluator.checkpoints(dir.resolve(arm))) {
                double flops = initFlops + TrainingCheckpoint.readState(ckpt).doubleMetric("flops", 0);
                long update = TrainingCheckpoint.stepOf(ckpt);
                addPoints(points, task, arm, update, flops, evals.evaluate(ckpt, evalVariants));
                keep(evals, task, arm, update, flops, ckpt, evalVariants);
            }
        }
        for (String arm : otherArms) {
            double extra = arm.equals(OtherArms.RFT) ? rftGenerationFlops.getOrDefault(task.name(), 0.0) : 0;
            for (Path ckpt : CheckpointEvaluator.checkpoints(dir.resolve(arm))) {
                // an SFT-type arm's steps continue the init's; an RL-type arm's are its updates, as the RL arm's
                long step = TrainingCheckpoint.stepOf(ckpt) + (OtherArms.isRl(arm) ? 0 : task.initStep());
                double flops = initFlops + extra + TrainingCheckpoint.readState(ckpt).doubleMetric("flops", 0);
                addPoints(points, task, arm, step, flops, evals.evaluate(ckpt, evalVariants));
                keep(evals, task, arm, step, flops, ckpt, evalVariants);
            }
        }
        CurvesCsv.write(dir.resolve("curves.csv"), points);
        return points;
    }

    /**
     * The {@code rft} arm's data: for {@link OtherArms#rftEpisodes} training episodes, {@link OtherArms#RFT_SAMPLES}
     * answers of the init sampled at temperature 1, each checked by a fresh copy of the episode; the accepted ones
     * become SFT conversations. Sampling is seeded, so a resumed run draws the same data; its compute (2N per token
     * of prompt and answer) is kept in {@code generation.json} and added to the arm's.
     */
    private List<SftConversation> rftData(TaskPlan task, Supplier<Environment> factory, String initPolicy, Path armDir)
            throws IOException {
        long seed = Seeds.stream(plan.seed(), "rft-data");
        int episodes = OtherArms.rftEpisodes(task);
        List<SftConversation> out = new ArrayList<>();
        double tokens = 0;
        int generated = 0;
        try (TrainablePolicy policy = TrainablePolicy.of(provider.create(initPolicy, deviceOption))) {
            Sampling sampling = new Sampling(1.0, 0, 1, EVAL_MAX_NEW_TOKENS);
            int batch = 64;
            for (int start = 0; start < episodes; start += batch) {
                List<Observation> prompts = new ArrayList<>();
                List<Long> episodeSeeds = new ArrayList<>();
                for (int e = start; e < Math.min(start + batch, episodes); e++) {
                    long episodeSeed = Seeds.derive(seed, e);
                    Observation o = factory.get().reset(episodeSeed);
                    for (int k = 0; k < OtherArms.RFT_SAMPLES; k++) {
                        prompts.add(o);
                        episodeSeeds.add(episodeSeed);
                    }
                }
                long[] sampleSeeds = new long[prompts.size()];
                for (int i = 0; i < sampleSeeds.length; i++) {
                    sampleSeeds[i] = Seeds.derive(seed ^ 0x5DEECE66DL, (long) start * OtherArms.RFT_SAMPLES + i);
                }
                List<io.posttrain4j.core.policy.Generation> answers = policy.generate(prompts, sampling, sampleSeeds);
                for (int i = 0; i < answers.size(); i++) {
                    String text = answers.get(i).text();
                    tokens += policy.promptTokens(prompts.get(i)) + answers.get(i).tokens().length;
                    generated++;
                    Environment env = factory.get();
                    env.reset(episodeSeeds.get(i));
                    if (env.step(text).success()) {
                        out.add(SftConversation.of(prompts.get(i), text));
                    }
                }
            }
            double flops = 2.0 * policy.parameterCount() * tokens;
            rftGenerationFlops.put(task.name(), flops);
            Files.createDirectories(armDir);
            AtomicFiles.writeString(armDir.resolve("generation.json"), String.format(Locale.ROOT,
                    "{\"episodes\":%d,\"samples\":%d,\"accepted\":%d,\"tokens\":%.0f,\"flops\":%.6g}%n",
                    episodes, generated, out.size(), tokens, flops));
        }
        say("%s: rft kept %d of %d sampled answers (%.1f%%)", task.name(), out.size(), generated,
                100.0 * out.size() / generated);
        return out;
    }

    /** The study's RL arm for {@code task} with {@code verifySteps} attempts per episode. */
    private PpoConfig rlConfig(TaskPlan task, Environments.Resolved trained, int verifySteps) {
        return PpoConfig.defaults().toBuilder().environment(trained.qualifiedName())
                .environmentOptions(task.envOptions()).verifySteps(verifySteps).updates(task.rlUpdates())
                .transitions(task.rlTransitions()).numEnvs(task.rlEnvs()).maxTurns(MAX_TURNS)
                .minibatches(2).microBatch(task.microBatchOr(32)).vfCoef(0.1)
                .learningRate(task.rlLearningRate()).minLearningRate(task.rlLearningRate() / 10)
                .seed(plan.seed()).evalEvery(0).checkpointEvery(task.rlEvalEvery()).keepCheckpoints(10_000)
                .build();
    }

    /**
     * The RL compute (GFLOPs) of the finished main RL arm of the task in {@code taskDir}: the budget of the ablation
     * arms at equal compute.
     *
     * @throws IllegalStateException when the main arm has not finished (e.g. {@code --arms} left it out)
     */
    static double mainArmGflops(TaskPlan task, Path taskDir) throws IOException {
        Path last = new TrainingCheckpoint(taskDir.resolve(task.rlArm(task.mainVerifySteps())).resolve("checkpoints"))
                .folder(task.rlUpdates());
        if (!TrainingCheckpoint.isComplete(last)) {
            throw new IllegalStateException(task.name() + ": the ablation arms stop at the main RL arm's compute, and "
                    + "the main arm has not finished (no checkpoint " + last + "); train it first (--arms "
                    + task.mainVerifySteps() + ")");
        }
        return TrainingCheckpoint.readState(last).doubleMetric("flops", 0) / 1e9;
    }

    /** Trains (or resumes) an RL run from the init into {@code runDir}. */
    private void rlRun(PpoConfig config, Path init, Path runDir) throws IOException {
        try (TrainablePolicy policy = TrainablePolicy.of(
                provider.create(init.resolve(TrainingCheckpoint.POLICY_DIR).toString(), deviceOption));
                PpoTrainer trainer = new PpoTrainer(config, policy, environments, runDir)) {
            trainer.resume();
            trainer.train();
        }
    }

    /** Keeps an evaluated checkpoint's samples, KL and per-hand successes for the reports. */
    private void keep(CheckpointEvaluator evals, TaskPlan task, String arm, long step, double flops, Path ckpt,
            List<String> variants) {
        sampled.add(new ReportHtml.Checkpoint(task.name(), arm, step, flops / 1e9, evals.klFromBase(ckpt, variants),
                evals.samples(ckpt, variants)));
        evals.successBits(ckpt, variants).forEach((variant, bits) ->
                successBits.put(PairedDifferences.key(task.name(), arm, step, variant), bits));
    }

    /**
     * One SFT run, resumed if a killed reproduction left it: from {@code from} (a base or the init's policy folder)
     * or, when null, from the task's preset with a tokenizer built from the data.
     */
    private void sftRun(TaskPlan task, List<SftConversation> data, Path runDir, int steps, double rate,
            int checkpointEvery, long seed, String from) throws IOException {
        SftConfig sft = SftConfig.builder().steps(steps).learningRate(rate)
                .runDir(runDir).batchSize(task.sftBatch())
                .microBatchSize(task.microBatchOr(task.sftBatch()))
                .minLearningRate(rate / 20).warmupFraction(0.03).maxGradNorm(1.0).seed(seed).evalVariants(List.of())
                .checkpointEvery(checkpointEvery).keepCheckpoints(0).build();
        try (TrainablePolicy policy = TrainablePolicy.of(from != null ? provider.create(from, deviceOption)
                : provider.create(task.preset(), scratchOptions(task, runDir, data)))) {
            SftTrainer trainer = new SftTrainer(sft, policy, ExpertData.examples(data), environments);
            trainer.resume(); // a killed reproduction continues where it stopped
            trainer.train();
        }
    }

    private void addPoints(List<CurvePoint> points, TaskPlan task, String arm, long step, double flops,
            Map<String, Map<String, Tally>> results) {
        results.forEach((variant, metrics) -> {
            Split split = environments.resolve(variant).variant().split();
            metrics.forEach((metric, tally) -> points.add(
                    new CurvePoint(task.name(), arm, variant, split, metric, flops / 1e9, step, tally)));
        });
        say("%s %s step %d (%.3g GFLOPs): %s", task.name(), arm, step, flops / 1e9, summary(results));
    }

    private static String summary(Map<String, Map<String, Tally>> results) {
        List<String> parts = new ArrayList<>();
        results.forEach((v, ms) -> ms.forEach((m, t) -> parts.add(String.format(Locale.ROOT, "%s %s %.1f%%", v, m,
                100 * t.rate()))));
        return String.join(", ", parts);
    }

    /**
     * The base's responses to the first {@link #KL_PROMPTS} training prompts, sampled once (temperature 1, seeded),
     * against which every checkpoint's forward KL from the base is measured.
     */
    private KlFromBase klFromBase(Path base, List<Observation> trainingPrompts) throws IOException {
        try (Policy b = provider.create(base.toString(), deviceOption)) {
            return KlFromBase.sample(b, trainingPrompts.subList(0, Math.min(KL_PROMPTS, trainingPrompts.size())),
                    EVAL_MAX_NEW_TOKENS, Seeds.stream(plan.seed(), "kl-from-base"));
        }
    }

    /** A preset's options from scratch: the seed and a tokenizer built from the data (saved once in the run). */
    private Map<String, String> scratchOptions(TaskPlan task, Path sftDir, List<SftConversation> data)
            throws IOException {
        Path tokenizerDir = sftDir.resolve("tokenizer");
        if (!Files.exists(tokenizerDir.resolve(Tokenizers.TOKENIZER_JSON))) {
            Tokenizers.save(tokenizer(task, data), tokenizerDir);
        }
        Map<String, String> policyOptions = new LinkedHashMap<>(Map.of("seed", Long.toString(plan.seed()),
                "tokenizer", tokenizerDir.toString()));
        if (task.maxPositions() > 0) {
            policyOptions.put("maxPositions", Integer.toString(task.maxPositions()));
        }
        policyOptions.putAll(deviceOption);
        return policyOptions;
    }

    /**
     * Records each task's base in {@code base.txt} (one line per task, {@code <task>: <base> <rates>} or
     * {@code <task>: scratch}), or refuses an output folder in which a task of this plan was run from another base
     * or from none; {@link #run()} calls it first, a caller may call it earlier to report a refusal its own way.
     * Tasks run in separate calls ({@code --tasks}) add their lines. A one-line file of an earlier version (one base
     * for every task) reads as every task's.
     *
     * @throws IllegalStateException naming the folder, the task and both bases
     */
    public void checkBase() throws IOException {
        Path marker = out.resolve("base.txt");
        String rates = Double.isNaN(baseLearningRate) ? " at the plan's rates" : " lr " + baseLearningRate;
        Map<String, String> now = new LinkedHashMap<>();
        for (TaskPlan t : plan.tasks()) {
            Path b = baseOf(t);
            now.put(t.name(), b == null ? SCRATCH : b.toAbsolutePath().normalize() + rates);
        }
        Map<String, String> before = Files.exists(marker) ? readMarker(Files.readString(marker)) : Map.of();
        for (TaskPlan t : plan.tasks()) {
            String was = before.containsKey(t.name()) ? before.get(t.name()) : before.get(ANY_TASK);
            boolean hasRuns = Files.isDirectory(out.resolve(t.name()).resolve("sft"))
                    || Files.isDirectory(out.resolve(t.name()).resolve("init"));
            String is = now.get(t.name());
            if (was == null && hasRuns && !is.equals(SCRATCH)) {
                throw new IllegalStateException(out + " holds a reproduction from scratch; give another --out for one "
                        + "from the base " + baseOf(t));
            }
            if (was != null && !was.equals(is)) {
                throw new IllegalStateException(out + " holds a reproduction " + (plan.tasks().size() > 1 ? "of "
                        + t.name() + " " : "") + (was.equals(SCRATCH) ? "from scratch" : "from the base " + was)
                        + (is.equals(SCRATCH) ? "; give it again with --base or use another --out"
                        : ", not from " + is + "; use another --out"));
            }
        }
        if (bases.isEmpty() && before.isEmpty()) {
            return; // from scratch, as before markers existed: nothing written
        }
        Map<String, String> merged = new LinkedHashMap<>();
        before.forEach((task, b) -> {
            if (!task.equals(ANY_TASK)) {
                merged.put(task, b);
            }
        });
        merged.putAll(now);
        StringBuilder sb = new StringBuilder();
        merged.forEach((task, b) -> sb.append(task).append(": ").append(b).append('\n'));
        Files.createDirectories(out);
        AtomicFiles.writeString(marker, sb.toString());
    }

    /** In {@code base.txt}: a task run from scratch. */
    private static final String SCRATCH = "scratch";
    /** The key of an earlier version's one-line {@code base.txt}: the base of every task. */
    private static final String ANY_TASK = "*";

    private static Map<String, String> readMarker(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.strip().split("\n")) {
            java.util.regex.Matcher task = java.util.regex.Pattern.compile("([a-z0-9-]+): (.+)").matcher(line);
            if (task.matches()) {
                m.put(task.group(1), task.group(2));
            } else if (!line.isBlank()) {
                m.put(ANY_TASK, line.strip());
            }
        }
        return m;
    }

    private static Tokenizer tokenizer(TaskPlan task, List<SftConversation> data) {
        if (task.bpeVocabulary() == 0) {
            return new ByteTokenizer();
        }
        return BpeTokenizer.train(SftConversation.texts(data), task.bpeVocabulary());
    }

    private void writeOutputs(List<CurvePoint> points, WallTime.Ledger wallTime) throws IOException {
        CurvesCsv.write(out.resolve("curves.csv"), points);
        try (MetricsLog jsonl = MetricsLog.create(out.resolve("curves.jsonl"))) {
            for (CurvePoint p : points) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("task", p.task());
                r.put("arm", p.arm());
                r.put("variant", p.variant());
                r.put("split", p.split().label());
                r.put("metric", p.metric());
                r.put("gflops", p.gflops());
                r.put("hits", p.tally().hits());
                r.put("total", p.tally().total());
                r.put("rate", p.tally().rate());
                jsonl.write(p.step(), r);
            }
        }
        List<String> plots = new ArrayList<>();
        for (TaskPlan t : plan.tasks()) {
            for (String metric : points.stream().filter(p -> p.task().equals(t.name())).map(CurvePoint::metric)
                    .distinct().toList()) {
                Path png = out.resolve(t.name() + "-" + metric + ".png");
                CurvePlot.write(png, t.name(), metric, points);
                plots.add(png.getFileName().toString());
            }
        }
        List<KlReport.Row> klRows = KlReport.rows(sampled, points);
        List<String> klPlots = new ArrayList<>();
        if (!klRows.isEmpty()) {
            KlReport.writeCsv(out.resolve("kl.csv"), klRows);
            for (String task : klRows.stream().map(KlReport.Row::task).distinct().toList()) {
                Path png = out.resolve(task + "-kl-vs-ood.png");
                KlReport.writePlot(png, task, klRows);
                klPlots.add(png.getFileName().toString());
            }
        }
        List<PairedDifferences.Row> paired = PairedDifferences.rows(ReproductionReport.compare(points, "rl"),
                successBits);
        WallTime took = wallTime.record();
        List<String> others = OtherArms.NAMES.stream().filter(a -> points.stream().anyMatch(p -> p.arm().equals(a)))
                .toList();
        String report = ReportText.of(plan, points, plots, took, bases, paired)
                + KlReport.markdown(klRows, klPlots) + OtherArms.markdown(points, others, successBits);
        ReproductionReport.write(out.resolve("report.md"), report);
        ReportHtml.write(out.resolve("report.html"), new ReportHtml.Contents(plan, points, plots, paired, klRows,
                klPlots, sampled, took, bases, others.isEmpty() ? null : OtherArms.table(points, others, successBits)));
        say("wrote %s (report), %s, %s and %d plots", out.resolve("report.md"), out.resolve("report.html"),
                out.resolve("curves.csv"), plots.size());
        log.println();
        log.println(ReproductionReport.table(ReproductionReport.compare(points, "rl")));
        log.flush();
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        LOG.info(line);
        log.println(line);
        log.flush();
    }

    static String minutes(long nanos) {
        return String.format(Locale.ROOT, "%.1f min", nanos / 60e9);
    }
}
