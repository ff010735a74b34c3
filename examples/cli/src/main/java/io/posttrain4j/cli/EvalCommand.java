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
import java.util.TreeSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.PolicyProvider;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.Episode;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.spark.SparkWorkers;
import io.posttrain4j.core.rollout.PairedComparison;
import io.posttrain4j.core.rollout.Transcripts;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;

/**
 * {@code posttrain4j eval}: greedy evaluation of a policy (a preset or a checkpoint) on environment variants at
 * fixed seeds, printed as a success table.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates a policy on environment variants (greedy, fixed seeds) and prints a success table.",
            "",
            "--policy takes a preset of the policy provider (e.g. small), a policy folder, a checkpoint folder "
                    + "(checkpoints/step-000400) or a run folder written by 'sft' (its latest checkpoint).",
        })
public final class EvalCommand extends CliCommand {
    /** The default root seed of evaluation episodes: the one 'sft' evaluates with, so numbers are comparable. */
    static final long EVAL_SEED = 20250128L;

    @Option(names = "--policy", required = true, paramLabel = "<preset|dir>",
            description = "A preset, a policy folder, a checkpoint folder or an sft run folder.")
    private String policy;

    @Option(names = "--provider", defaultValue = "djl", paramLabel = "<id>",
            description = "The policy provider (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--device", paramLabel = "<cpu|gpu|gpu:N>",
            description = "Where the policy runs (default: the provider's, cpu for djl); a missing GPU is an error.")
    private String device;

    @Option(names = "--env", required = true, split = ",", paramLabel = "<name>",
            description = "Variants to evaluate, comma-separated (e.g. gp-l,gp-l-rule-ood).")
    private List<String> envs;

    @Option(names = "--option", paramLabel = "<key=value>",
            description = "An environment option for every variant, repeatable (e.g. --option prompt=compact).")
    private Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "<n>",
            description = "Episodes per variant (default: ${DEFAULT-VALUE}).")
    private int episodes;

    @Option(names = "--attempts", paramLabel = "<k>",
            description = "Scored attempts per episode: sets verifyIter=k and finalUnscoredTurn=false where the "
                    + "environment has those options (default: the environment's own).")
    private Integer attempts;

    @Option(names = "--seed", defaultValue = "" + EVAL_SEED, paramLabel = "<seed>",
            description = "Root seed of the evaluation episodes (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "<n>",
            description = "Environments stepped together (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--max-new-tokens", defaultValue = "64", paramLabel = "<n>",
            description = "Generation budget per answer (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Option(names = "--transcripts", paramLabel = "<dir>",
            description = "Also write every episode (prompts, responses, rewards, feedback) to "
                    + "<dir>/<environment>_<variant>.jsonl, one JSON object per episode.")
    private Path transcripts;

    @Mixin
    private SparkOptions spark;

    @Option(names = "--baseline", paramLabel = "<preset|dir>",
            description = "Also play the same episodes with this policy and print, per variant and metric, the "
                    + "paired difference --policy minus baseline with its standard error.")
    private String baseline;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1 || batch < 1 || maxNewTokens < 1) {
            throw usageError("--episodes, --batch and --max-new-tokens must be >= 1, got "
                    + episodes + ", " + batch + ", " + maxNewTokens);
        }
        Environments environments = Environments.discover();
        Map<String, String> envOptions = new LinkedHashMap<>(options);
        List<String> qualified = new ArrayList<>();
        for (String name : envs) {
            Environments.Resolved r;
            try {
                r = environments.resolve(name.trim());
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
            qualified.add(r.qualifiedName());
            if (attempts != null) {
                envOptions.putAll(attemptOptions(r.provider(), attempts));
            }
        }
        if (baseline != null) {
            try {
                locatePolicy("--baseline", provider, baseline); // fails now, not after the evaluation
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        Policy loaded = load(policy);
        Evaluator evaluator = new Evaluator(environments, episodes, seed, Sampling.greedy(maxNewTokens), batch,
                envOptions);
        Map<String, List<Episode>> playedBy = new LinkedHashMap<>();
        Map<String, EvalResult> results = new LinkedHashMap<>();
        try (Policy p = loaded) {
            Map<String, List<Episode>> onSpark = spark.requested() ? playOnSpark(p, evaluator, qualified) : Map.of();
            for (String variant : qualified) {
                List<Episode> played;
                try {
                    played = spark.requested() ? onSpark.get(variant) : evaluator.episodes(p, variant);
                } catch (IllegalArgumentException e) {
                    throw usageError(variant + ": " + e.getMessage());
                }
                results.put(variant, EvalResult.of(variant, played));
                playedBy.put(variant, played);
                if (transcripts != null) {
                    Transcripts.write(transcriptFile(transcripts, variant), played);
                }
            }
            printTable(out(), p.name(), results);
            if (transcripts != null) {
                out().println("transcripts " + transcripts.toAbsolutePath());
                out().flush();
            }
        }
        if (baseline != null) {
            try (Policy base = load(baseline)) {
                Map<String, List<PairedComparison>> paired = new LinkedHashMap<>();
                playedBy.forEach((variant, played) -> {
                    List<Episode> theirs = evaluator.episodes(base, variant);
                    paired.put(variant, new TreeSet<>(results.get(variant).metrics().keySet()).stream()
                            .map(metric -> PairedComparison.of(metric, theirs, played)).toList());
                });
                printPaired(out(), baseline, paired);
            }
        }
        return 0;
    }

    /** Every variant's episodes in one Spark round; the results are those of this process. */
    private Map<String, List<Episode>> playOnSpark(Policy p, Evaluator evaluator, List<String> variants) {
        if (!(p instanceof TrainablePolicy trainable)) {
            throw usageError("--spark-master ships the policy's weights to the executors: " + p.name()
                    + " of provider " + provider + " cannot be saved (it is not a TrainablePolicy)");
        }
        SparkWorkers workers;
        try {
            workers = spark.start(provider);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        try (workers) {
            try {
                return workers.episodes(trainable, evaluator, variants);
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
    }

    private Policy load(String nameOrPath) throws IOException {
        try {
            return loadPolicy(provider, nameOrPath, device != null ? Map.of("device", device) : Map.of());
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    /** Prints one line per variant and metric: baseline -> policy rate and the paired difference in points. */
    static void printPaired(PrintWriter out, String baselineName, Map<String, List<PairedComparison>> paired) {
        out.println("paired against baseline " + baselineName + " (the same episodes; policy minus baseline):");
        int width = Math.max(8, paired.keySet().stream().mapToInt(String::length).max().orElse(8));
        paired.forEach((variant, comparisons) -> {
            for (PairedComparison c : comparisons) {
                out.println(String.format(Locale.ROOT, "%-" + width + "s %-16s %5.1f%% -> %5.1f%%  "
                        + "%+5.1f ± %.1f points  (better on %d, worse on %d of %d episodes)", variant, c.metric(),
                        100 * c.baseline(), 100 * c.candidate(), 100 * c.difference(), 100 * c.standardError(),
                        c.better(), c.worse(), c.episodes()));
            }
        });
        out.flush();
    }

    /** The transcript file of a qualified variant name: {@code generalpoints/gp-l -> generalpoints_gp-l.jsonl}. */
    static Path transcriptFile(Path dir, String qualifiedVariant) {
        return dir.resolve(qualifiedVariant.replace('/', '_') + ".jsonl");
    }

    /** The options that give {@code attempts} scored attempts, for environments that know {@code verifyIter}. */
    Map<String, String> attemptOptions(EnvironmentProvider env, int k) {
        if (k < 1) {
            throw usageError("--attempts must be >= 1, got " + k);
        }
        Map<String, String> known = env.options();
        if (!known.containsKey("verifyIter")) {
            throw usageError("--attempts needs an environment with a verifyIter option; " + env.id()
                    + " has: " + String.join(", ", new TreeSet<>(known.keySet())));
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("verifyIter", Integer.toString(k));
        if (known.containsKey("finalUnscoredTurn")) {
            out.put("finalUnscoredTurn", "false");
        }
        return out;
    }

    /** Prints one row per variant: episodes, then every metric as rate ± standard error. */
    static void printTable(PrintWriter out, String policyName, Map<String, EvalResult> results) {
        TreeSet<String> metrics = new TreeSet<>();
        results.values().forEach(r -> metrics.addAll(r.metrics().keySet()));
        int width = Math.max(8, results.keySet().stream().mapToInt(String::length).max().orElse(8));
        out.println("policy " + policyName);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s %8s", "variant", "episodes"));
        metrics.forEach(m -> header.append(String.format(Locale.ROOT, " %18s", m)));
        out.println(header);
        for (Map.Entry<String, EvalResult> e : results.entrySet()) {
            StringBuilder row = new StringBuilder(
                    String.format(Locale.ROOT, "%-" + width + "s %8d", e.getKey(), e.getValue().episodes()));
            for (String m : metrics) {
                Tally t = e.getValue().metrics().get(m);
                row.append(String.format(Locale.ROOT, " %18s", t == null ? "-"
                        : String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * t.rate(), 100 * t.standardError())));
            }
            out.println(row);
        }
        out.flush();
    }

    /**
     * Builds a policy from a preset or a folder: a run folder resolves to its latest checkpoint, a checkpoint folder
     * to its {@code policy} folder.
     *
     * @throws IllegalArgumentException naming an unknown provider, preset or folder and what is accepted
     */
    static Policy loadPolicy(String providerId, String nameOrPath, Map<String, String> policyOptions)
            throws IOException {
        String located = locatePolicy("--policy", providerId, nameOrPath);
        return Policies.discover().get(providerId).create(located, policyOptions);
    }

    /**
     * {@link #loadPolicy} for a trainer.
     *
     * @throws IllegalArgumentException also when the provider's policy cannot be trained
     */
    static TrainablePolicy loadTrainable(String providerId, String nameOrPath, Map<String, String> policyOptions)
            throws IOException {
        Policy p = loadPolicy(providerId, nameOrPath, policyOptions);
        try {
            return TrainablePolicy.of(p);
        } catch (IllegalArgumentException e) {
            p.close();
            throw e;
        }
    }

    /**
     * What {@link #loadPolicy} would build from, without building it.
     *
     * @throws IllegalArgumentException naming an unknown provider, preset or folder and what is accepted
     */
    static String locatePolicy(String option, String providerId, String nameOrPath) throws IOException {
        PolicyProvider p = Policies.discover().get(providerId);
        String located = locate(nameOrPath);
        if (!Files.isDirectory(Path.of(located)) && !p.presets().contains(located)) {
            throw new IllegalArgumentException(option + " '" + nameOrPath + "' is neither a folder nor a preset of "
                    + providerId + " (presets: " + String.join(", ", p.presets()) + ")");
        }
        return located;
    }

    /** A run folder -> its latest checkpoint's policy; a checkpoint folder -> its policy folder; else unchanged. */
    static String locate(String nameOrPath) throws IOException {
        Path path = Path.of(nameOrPath);
        if (!Files.isDirectory(path)) {
            return nameOrPath;
        }
        Path checkpoints = path.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            Path latest = new TrainingCheckpoint(checkpoints).latest()
                    .orElseThrow(() -> new IOException("run folder " + path + " holds no complete checkpoint"));
            return latest.resolve(TrainingCheckpoint.POLICY_DIR).toString();
        }
        if (TrainingCheckpoint.isComplete(path)) {
            return path.resolve(TrainingCheckpoint.POLICY_DIR).toString();
        }
        return nameOrPath;
    }
}
