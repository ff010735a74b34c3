package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import ai.djl.Device;
import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.tensor.Reproducibility;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.ppo.Algorithm;
import io.posttrain4j.ppo.KlEstimator;
import io.posttrain4j.ppo.KlPlacement;
import io.posttrain4j.ppo.PpoConfig;
import io.posttrain4j.ppo.PpoTrainer;
import io.posttrain4j.spark.SparkWorkers;
import io.posttrain4j.ppo.RolloutUnit;
import io.posttrain4j.ppo.TruncationBootstrap;
import io.posttrain4j.sft.EvalVariants;

/**
 * {@code posttrain4j ppo}: turn-level PPO (or GRPO) of a policy against an environment's verifier, usually from an
 * SFT checkpoint, evaluated along the way on the environment's in- and out-of-distribution variants.
 */
@Command(
        name = "ppo",
        mixinStandardHelpOptions = true,
        description = {
            "Reinforcement learning with PPO or GRPO against the environment's verifier, with sequential revision.",
            "",
            "Starts from --policy: a checkpoint, SFT run folder or policy folder (the study starts RL from an SFT "
                    + "checkpoint), or a preset trained from scratch. Settings come from --preset (study: the "
                    + "reference's values; default: for small models on a CPU), then the options given here.",
            "",
            "Writes <out>/metrics.jsonl (one JSON record per update: reward, success, approx KL, clip fraction, "
                    + "explained variance, entropy, losses, tokens/s, cumulative FLOPs, evaluations), "
                    + "<out>/run.json and <out>/checkpoints/step-NNNNNN. A folder that is not empty is refused "
                    + "unless --resume (continue a killed run exactly; other settings are refused) or --overwrite "
                    + "(delete the earlier run first).",
        })
public final class PpoCommand extends CliCommand {
    @Mixin
    private EnvironmentSelection selection;

    @Mixin
    private KlFromBaseOptions kl;

    @Mixin
    private ConfigOptions settings;

    @Option(names = "--policy", required = true, paramLabel = "<preset|dir>",
            description = "An SFT/PPO run folder, checkpoint or policy folder to start from, or a preset.")
    private String policy;

    @Mixin
    private LoraOptions lora;

    @Option(names = "--provider", defaultValue = "djl", paramLabel = "<id>",
            description = "The policy provider (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--device", paramLabel = "<cpu|gpu|gpu:N>",
            description = "Where the policy runs (default: the provider's, cpu for djl); a missing GPU is an error.")
    private String device;

    @Option(names = "--preset", defaultValue = "default", paramLabel = "<study|default>",
            description = "The base settings (default: ${DEFAULT-VALUE}).")
    private String preset;

    @Setting("algorithm")
    @Option(names = "--algorithm", paramLabel = "<ppo|grpo>", description = "PPO (critic, GAE) or GRPO (groups).")
    private Algorithm algorithm;

    @Setting("updates")
    @Option(names = "--updates", paramLabel = "<n>", description = "PPO updates in the run.")
    private Integer updates;

    @Setting("maxGflops")
    @Option(names = "--max-gflops", paramLabel = "<x>",
            description = "A compute budget: end the run after the first update whose RL compute (the metrics' "
                    + "gflops) reaches x, even before --updates (the learning-rate schedule still spans --updates); "
                    + "0 = none (default). Runs with more verification steps compare at equal compute this way.")
    private Double maxGflops;

    @Setting("transitions")
    @Option(names = "--transitions", paramLabel = "<n>",
            description = "Generations per update (GRPO: groups x --group-size episodes).")
    private Integer transitions;

    @Setting("numEnvs")
    @Option(names = "--num-envs", paramLabel = "<n>", description = "Environments stepped together.")
    private Integer numEnvs;

    @Setting("groupSize")
    @Option(names = "--group-size", paramLabel = "<n>", description = "GRPO: episodes per environment seed.")
    private Integer groupSize;

    @Setting("verifySteps")
    @Option(names = "--verify-steps", paramLabel = "<k>",
            description = "Verification (revision) steps, passed to the environment as --verify-option.")
    private Integer verifySteps;

    @Setting("verifyOption")
    @Option(names = "--verify-option", defaultValue = "verifyIter", paramLabel = "<key>",
            description = "The environment option that takes --verify-steps (default: ${DEFAULT-VALUE}).")
    private String verifyOption;

    @Setting("learningRate")
    @Option(names = "--lr", paramLabel = "<x>", description = "Learning rate at the first update.")
    private Double lr;

    @Setting("minLearningRate")
    @Option(names = "--min-lr", paramLabel = "<x>", description = "Learning rate at the last update (cosine).")
    private Double minLr;

    @Setting("valueLearningRate")
    @Option(names = "--value-lr", paramLabel = "<x>",
            description = "Learning rate of the value-head-only parameters at the first update; 0 = --lr.")
    private Double valueLr;

    @Setting("clipCoef")
    @Option(names = "--clip", paramLabel = "<x>", description = "Ratio clip (clipCoef).")
    private Double clip;

    @Setting("valueClipCoef")
    @Option(names = "--value-clip", paramLabel = "<x>", description = "Value clip, 0 = off.")
    private Double valueClip;

    @Setting("epochs")
    @Option(names = "--epochs", paramLabel = "<n>", description = "Epochs per update.")
    private Integer epochs;

    @Setting("minibatches")
    @Option(names = "--minibatches", paramLabel = "<n>", description = "Optimizer steps per epoch.")
    private Integer minibatches;

    @Setting("microBatch")
    @Option(names = "--micro-batch", paramLabel = "<n>", description = "Transitions per forward/backward pass.")
    private Integer microBatch;

    @Setting("maxGradNorm")
    @Option(names = "--max-grad-norm", paramLabel = "<x>", description = "Global gradient-norm clip.")
    private Double maxGradNorm;

    @Setting("temperature")
    @Option(names = "--temperature", paramLabel = "<t>", description = "Sampling and scoring temperature.")
    private Double temperature;

    @Setting("maxNewTokens")
    @Option(names = "--max-new-tokens", paramLabel = "<n>", description = "Tokens per generation.")
    private Integer maxNewTokens;

    @Setting("answerKey")
    @Option(names = "--answer-key", paramLabel = "<text>", converter = NoneIsNull.class,
            description = "Text after which tokens weigh 1 (before: --thought-weight); 'none' = all weigh 1.")
    private String answerKey;

    @Setting("thoughtWeight")
    @Option(names = "--thought-weight", paramLabel = "<w>", description = "Weight of tokens before the key.")
    private Double thoughtWeight;

    @Setting("gamma")
    @Option(names = "--gamma", paramLabel = "<x>", description = "Discount per turn.")
    private Double gamma;

    @Setting("gaeLambda")
    @Option(names = "--gae-lambda", paramLabel = "<x>", description = "GAE lambda.")
    private Double gaeLambda;

    @Setting("rolloutUnit")
    @Option(names = "--rollout-unit", paramLabel = "<unit>",
            description = "PPO buffers: steps (fixed steps per environment, cut episodes; the study's) or episodes "
                    + "(whole episodes until the buffer holds --transitions).")
    private RolloutUnit rolloutUnit;

    @Setting("truncationBootstrap")
    @Option(names = "--truncation-bootstrap", paramLabel = "<mode>",
            description = "next_observation (Gymnasium) or next_episode (the reference's quirk).")
    private TruncationBootstrap truncationBootstrap;

    @Setting("entCoef")
    @Option(names = "--ent-coef", paramLabel = "<x>", description = "Entropy bonus.")
    private Double entCoef;

    @Setting("vfCoef")
    @Option(names = "--vf-coef", paramLabel = "<x>", description = "Value-loss coefficient.")
    private Double vfCoef;

    @Setting("targetKl")
    @Option(names = "--target-kl", paramLabel = "<x>", description = "Stop an update early above this KL; 0 = off.")
    private Double targetKl;

    @Setting("klCoef")
    @Option(names = "--kl-coef", paramLabel = "<x>", description = "KL penalty to the initial policy; 0 = off.")
    private Double klCoef;

    @Setting("klEstimator")
    @Option(names = "--kl-estimator", paramLabel = "<k1|k3>", description = "Per-token KL estimator.")
    private KlEstimator klEstimator;

    @Setting("klPlacement")
    @Option(names = "--kl-placement", paramLabel = "<reward|loss>", description = "Where the KL penalty goes.")
    private KlPlacement klPlacement;

    @Setting("seed")
    @Option(names = "--seed", paramLabel = "<seed>", description = "Root seed of rollouts and minibatch order.")
    private Long seed;

    @Setting("evalEvery")
    @Option(names = "--eval-every", paramLabel = "<n>", description = "Evaluate every n updates; 0 = never.")
    private Integer evalEvery;

    @Setting("evalEpisodes")
    @Option(names = "--eval-episodes", paramLabel = "<n>", description = "Episodes per evaluated variant.")
    private Integer evalEpisodes;

    @Option(names = "--eval-env", split = ",", paramLabel = "<name>",
            description = "Variants to evaluate (default: the training variant's family, e.g. gp-l,gp-l-rule-ood).")
    private List<String> evalEnvs;

    @Setting("checkpointEvery")
    @Option(names = "--checkpoint-every", paramLabel = "<n>", description = "Checkpoint every n updates.")
    private Integer checkpointEvery;

    @Setting("keepCheckpoints")
    @Option(names = "--keep-checkpoints", paramLabel = "<n>",
            description = "Keep the newest n complete checkpoints, at least 1 (default 2).")
    private Integer keepCheckpoints;

    @Option(names = "--rollouts", defaultValue = "local", paramLabel = "<local|spark>",
            description = "Where the rollouts are generated: in this process, or on Spark executors (see "
                    + "--spark-master); the buffers are the same (default: ${DEFAULT-VALUE}).")
    private String rollouts;

    @Mixin
    private SparkOptions spark;

    @Option(names = "--out", paramLabel = "<dir>", description = "Run folder (default: runs/ppo-<variant>).")
    private Path out;

    @Option(names = "--resume", description = "Continue from the latest complete checkpoint in --out.")
    private boolean resume;

    @Option(names = "--overwrite", description = "Delete the earlier run in --out (checkpoints, metrics, "
            + "run.json, reference) before starting a new one.")
    private boolean overwrite;

    @Override
    public Integer call() throws IOException {
        Environments environments = Environments.discover();
        Environments.Resolved trained = selection.resolve(environments);
        Map<String, String> envOptions = new LinkedHashMap<>(selection.options());
        boolean fromScratch = !Files.isDirectory(Path.of(policy));
        String loraProblem = lora.problem(policy, fromScratch, false);
        if (loraProblem != null) {
            throw usageError(loraProblem);
        }
        // Like sft: a preset trained from scratch reads the compact prompt style unless told otherwise.
        if (fromScratch && trained.provider().options().containsKey("prompt")) {
            envOptions.putIfAbsent("prompt", "compact");
        }
        List<String> variants = evalEnvs != null
                ? evalEnvs.stream().map(v -> resolve(environments, v.trim())).toList()
                : EvalVariants.family(environments, trained.qualifiedName());
        PpoConfig config = config(trained.qualifiedName(), envOptions, variants);
        if (settings.printed(config, out())) {
            return 0;
        }
        try {
            kl.check();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        if (!rollouts.equals("local") && !rollouts.equals("spark")) {
            throw usageError("--rollouts must be local or spark, got '" + rollouts + "'");
        }
        if (rollouts.equals("local") && spark.requested()) {
            throw usageError("--spark-master, --spark-conf, --spark-partitions and --spark-timeout need --rollouts spark");
        }
        Path runDir = out != null ? out : Path.of("runs", "ppo-" + trained.variant().name());
        TrainablePolicy loaded;
        try {
            String located = EvalCommand.locatePolicy("--policy", provider, policy);
            RunFolders.check(runDir, resume, overwrite, fromScratch ? null : located);
            loaded = EvalCommand.loadTrainable(provider, policy, policyOptions(config.seed()));
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        PrintWriter w = out();
        try (TrainablePolicy p = loaded) {
            PpoTrainer trainer;
            try {
                trainer = new PpoTrainer(config, p, environments, runDir);
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
            // Spark starts (and a bad master or setting fails) before an earlier run is cleared
            try (trainer; SparkWorkers workers = rollouts.equals("spark") ? startSpark() : null) {
                if (workers != null) {
                    trainer.rolloutWorkers(workers);
                }
                if (resume) {
                    boolean resumed;
                    try {
                        resumed = trainer.resume();
                    } catch (IllegalStateException e) {
                        throw usageError(e.getMessage()); // another run's checkpoint: nothing was written
                    }
                    w.println(resumed ? "resumed " + runDir + " after update " + trainer.updatesDone()
                            : "no checkpoint in " + runDir + ": starting a new run");
                }
                if (overwrite) {
                    RunFolders.clear(runDir, w);
                }
                w.printf(Locale.ROOT, "%s %s on %s: %d parameters, %d updates x %d transitions, lr %.2g, clip %.2g, "
                        + "options %s%n", config.algorithm().name().toLowerCase(Locale.ROOT), p.name(),
                        trained.qualifiedName(), p.parameterCount(), config.updates(), config.transitions(),
                        config.learningRate(), config.clipCoef(), config.effectiveEnvironmentOptions());
                w.println(Reproducibility.describe(p instanceof DjlPolicy d ? d.device() : Device.cpu()));
                if (kl.enabled()) {
                    trainer.logKlFromBase(kl.sample(provider, firstPrompts(trained, envOptions, kl.prompts),
                            config.maxNewTokens(), Seeds.stream(config.seed(), "kl-from-base"), w));
                }
                w.flush();
                if (workers != null) {
                    w.println("rollouts on Spark " + workers.describe());
                    if (config.algorithm() == Algorithm.PPO && config.rolloutUnit() == RolloutUnit.EPISODES) {
                        w.println("note: --rollout-unit episodes is one Spark task per update (which episode "
                                + "starts next depends on the others); steps or GRPO spread the episodes");
                    }
                    w.flush();
                }
                summary(w, trainer.train(), trainer);
            }
        }
        return 0;
    }

    private void summary(PrintWriter w, TrainResult result, PpoTrainer trainer) {
        Map<String, Object> last = result.lastMetrics();
        if (last.isEmpty()) {
            w.println("the run was already complete: " + trainer.updatesDone() + " updates");
            return;
        }
        boolean budget = trainer.updatesDone() < trainer.config().updates();
        w.printf(Locale.ROOT, "finished %d updates%s: rollout success %.3f, reward %.3f, %.4g GFLOPs, %d skipped "
                + "steps%n", trainer.updatesDone(), budget ? " (the budget of " + trainer.config().maxGflops()
                        + " GFLOPs reached)" : "", number(last, "success_rate"), number(last, "reward_mean"),
                number(last, "gflops"), result.skippedSteps());
        last.forEach((k, v) -> {
            if (k.startsWith("eval/") && !k.endsWith("_se") && v instanceof Number n) {
                w.printf(Locale.ROOT, "  %-48s %.4f%n", k, n.doubleValue());
            }
        });
        w.println("metrics " + trainer.metricsFile());
    }

    private static double number(Map<String, Object> r, String key) {
        return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The first observations of {@code n} episodes at the KL's own seeds: the prompts PPO trains on. */
    private static List<Observation> firstPrompts(Environments.Resolved trained, Map<String, String> options, int n) {
        List<Observation> out = new ArrayList<>(n);
        try (Environment env = trained.provider().create(trained.variant().name(), options)) {
            for (int i = 0; i < n; i++) {
                out.add(env.reset(Seeds.derive(Seeds.stream(0, "kl-prompts"), i)));
            }
        }
        return out;
    }

    private String resolve(Environments environments, String name) {
        try {
            return environments.resolve(name).qualifiedName();
        } catch (IllegalArgumentException e) {
            throw usageError("--eval-env: " + e.getMessage());
        }
    }

    /**
     * The preset, with the training variant, its options and the evaluated variants, then the file's settings, the
     * typed flags and --set (every flag marked {@link Setting} is one setting of {@link PpoConfig}).
     */
    private PpoConfig config(String environment, Map<String, String> envOptions, List<String> variants)
            throws IOException {
        try {
            PpoConfig base = PpoConfig.preset(preset).toBuilder().environment(environment)
                    .environmentOptions(envOptions).evalVariants(variants).build();
            return settings.applyWithFlags(base, RESERVED, Map.of("evalVariants", List.of("--eval-env")));
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private SparkWorkers startSpark() {
        try {
            return spark.start(provider);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Spark: " + e.getMessage(), e);
        }
    }

    /** The settings the command owns: given by --env and --option, never by name. */
    static final Map<String, String> RESERVED = Map.of("environment", "--env", "environmentOptions", "--option");

    /** {@code none} as null (no answer key), any other text as itself. */
    static final class NoneIsNull implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return value.equalsIgnoreCase("none") ? null : value;
        }
    }

    /** The policy provider's options: the seed, and a fresh adapter with {@code --lora}. */
    private Map<String, String> policyOptions(long seed) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("seed", Long.toString(seed));
        if (device != null) {
            options.put("device", device);
        }
        lora.addTo(options);
        return options;
    }
}
