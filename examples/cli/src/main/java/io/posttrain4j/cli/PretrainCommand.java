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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import ai.djl.Device;
import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.tensor.Reproducibility;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.sft.PretrainTrainer;
import io.posttrain4j.sft.SftConfig;
import io.posttrain4j.sft.SftTrainer;

/**
 * {@code posttrain4j pretrain}: a base model trained from scratch on a mixture of corpus families, with probes
 * that show whether it reads the rules stated in its questions.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = {
            "Pretrains a base model from scratch on generated documents (question -> answer; only answers carry "
                    + "loss), read in order from a seeded mixture of corpus families.",
            "",
            "Probes: held-out questions of a family under fixed options, scored by exact match of the greedy "
                    + "answer at every evaluation; by default the GeneralPoints rules and rule-arithmetic families "
                    + "under J,Q,K=10 and under the held-out 11,12,13 when the corpus draws from GeneralPoints, card "
                    + "reading (card-images) in black and in red suits when it draws GeneralPoints images, and V-IRL's "
                    + "actions family under each action space when it draws from V-IRL.",
            "",
            "Writes <out>/metrics.jsonl, <out>/run.json, <out>/tokenizer and <out>/checkpoints/step-NNNNNN; "
                    + "`sft --policy <out>` fine-tunes the base. A folder that is not empty is refused unless "
                    + "--resume or --overwrite.",
        })
public final class PretrainCommand extends CliCommand {
    @Mixin
    private ConfigOptions settings;

    @Mixin
    private SftLoopOptions loop;

    /** The probes used when none are given and the corpus draws from GeneralPoints. */
    static final List<String> GENERALPOINTS_PROBES = List.of("generalpoints/rules@faceValues=10",
            "generalpoints/rules@faceValues=11,12,13", "generalpoints/rule-arithmetic@faceValues=10",
            "generalpoints/rule-arithmetic@faceValues=11,12,13");

    /** Added when none are given and the corpus draws GeneralPoints images: card reading in either colour. */
    static final List<String> GENERALPOINTS_IMAGE_PROBES = List.of("generalpoints/card-images@suits=black",
            "generalpoints/card-images@suits=red");

    /** The probes used when none are given and the corpus draws from V-IRL: one step's action in either space. */
    static final List<String> VIRL_PROBES = List.of("virl/actions@actions=absolute", "virl/actions@actions=relative");

    @Option(names = "--corpus", defaultValue = "generalpoints", paramLabel = "<mixture>",
            description = "Families and weights, e.g. generalpoints/rules=2,generalpoints/task=1; a provider id "
                    + "alone is each of its families at weight 1 (default: ${DEFAULT-VALUE}).")
    private String corpus;

    @Option(names = "--corpus-option", paramLabel = "<id.key=value>",
            description = "A corpus provider's option, e.g. generalpoints.oodExposure=0.05 (see `list`).")
    private Map<String, String> corpusOptions = new LinkedHashMap<>();

    @Option(names = "--probe", paramLabel = "<family[@key=value;...]>",
            description = "A probe: a family under option overrides, e.g. generalpoints/rules@faceValues=11,12,13; "
                    + "repeatable; 'none' for no probes (default: the GeneralPoints rule probes, the V-IRL action probes).")
    private List<String> probes;

    @Option(names = "--probe-questions", defaultValue = "200", paramLabel = "<n>",
            description = "Questions per probe (default: ${DEFAULT-VALUE}).")
    private int probeQuestions;

    @Option(names = "--policy", defaultValue = "small", paramLabel = "<preset|dir>",
            description = "A model preset trained from scratch with byte tokens (${COMPLETION-CANDIDATES}), or a "
                    + "policy/checkpoint/run folder to continue from, e.g. to fine-tune a model on the task "
                    + "family under many rules (default: ${DEFAULT-VALUE}).", completionCandidates = Presets.class)
    private String policy;

    @Option(names = "--max-positions", paramLabel = "<n>",
            description = "A preset's context: the longest prompt + answer in tokens (default: the preset's, e.g. "
                    + "1024 for small); V-IRL navigation documents in byte tokens reach about 1,000.")
    private Integer maxPositions;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "<cpu|gpu>",
            description = "Where the model trains (default: ${DEFAULT-VALUE}).")
    private String device;

    @Setting("steps")
    @Option(names = "--steps", defaultValue = "2000", paramLabel = "<n>", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Setting("minLearningRate")
    @Option(names = "--min-lr", defaultValue = "1e-4", paramLabel = "<x>", description = "Cosine floor (default: ${DEFAULT-VALUE}).")
    private double minLr;

    @Setting("seed")
    @Option(names = "--seed", defaultValue = "0", paramLabel = "<seed>",
            description = "Model and corpus seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Setting("evalEvery")
    @Option(names = "--eval-every", defaultValue = "250", paramLabel = "<n>",
            description = "Score the probes every n steps and at the end; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Setting("evalMaxNewTokens")
    @Option(names = "--eval-max-tokens", defaultValue = "32", paramLabel = "<n>",
            description = "Answer budget of a probe question (default: ${DEFAULT-VALUE}).")
    private int evalMaxTokens;

    @Setting("stopAfterSteps")
    @Option(names = "--stop-after", defaultValue = "0", paramLabel = "<n>",
            description = "Stop after step n of the run as if killed (no final checkpoint; --resume continues), "
                    + "e.g. to check the first steps of a documented run; 0 = run to --steps (default: ${DEFAULT-VALUE}).")
    private int stopAfter;

    @Option(names = "--out", defaultValue = "runs/pretrain", paramLabel = "<dir>",
            description = "Run folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    /** The presets, for the help text. */
    static final class Presets extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Presets() {
            super(ModelConfig.PRESETS);
        }
    }

    @Override
    public Integer call() throws IOException {
        // Every argument is checked before anything is written.
        boolean fromScratch = !Files.isDirectory(Path.of(policy));
        if (fromScratch && !ModelConfig.PRESETS.contains(policy)) {
            throw usageError("--policy must be a preset of djl (" + String.join(", ", ModelConfig.PRESETS)
                    + ") or a policy folder, got '" + policy + "'");
        }
        if (probeQuestions < 1) {
            throw usageError("--probe-questions must be >= 1, got " + probeQuestions);
        }
        if (maxPositions != null && !fromScratch) {
            throw usageError("--max-positions applies to a preset trained from scratch; '" + policy
                    + "' is a folder whose model keeps its own context");
        }
        if (maxPositions != null && (maxPositions < 16 || maxPositions > 1 << 16)) {
            throw usageError("--max-positions must be in [16, 65536], got " + maxPositions);
        }
        SftConfig config;
        try {
            config = loop.applyTo(SftConfig.builder(), evalEvery).steps(steps).runDir(out)
                    .minLearningRate(minLr).seed(seed).evalEvery(evalEvery).evalAtStart(true)
                    .evalBatchSize(Math.min(64, probeQuestions)).evalMaxNewTokens(evalMaxTokens)
                    .stopAfterSteps(stopAfter).build();
            config = settings.applyUnderFlags(config, SftLoopOptions.RESERVED,
                    SftLoopOptions.derived(Map.of("evalBatchSize", List.of("--probe-questions"))));
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        Corpora corpora = Corpora.discover();
        Map<String, Map<String, String>> options = providerOptions(corpora);
        Corpus training;
        List<Probe> probeList;
        try {
            Map<String, Double> weights = corpora.parseMixture(corpus);
            training = corpora.mixture(weights, options, Seeds.stream(config.seed(), "pretrain-corpus"));
            probeList = probes(corpora, weights, options, config.seed());
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        if (settings.printed(config, out())) {
            return 0;
        }
        TrainablePolicy loaded;
        Tokenizer tok = null;
        try {
            RunFolders.check(out, loop.resume, loop.overwrite,
                    fromScratch ? null : EvalCommand.locatePolicy("--policy", "djl", policy));
            if (fromScratch) {
                tok = new ByteTokenizer();
                ModelConfig modelConfig = ModelConfig.preset(policy).withVocabSize(tok.vocabSize());
                if (maxPositions != null) {
                    modelConfig = modelConfig.withMaxPositions(maxPositions);
                }
                loaded = DjlPolicy.create(modelConfig, new DefaultChatTemplate(tok, modelConfig.patchCount()),
                        config.seed(), Devices.parse(device));
            } else {
                loaded = EvalCommand.loadTrainable("djl", policy, Map.of("device", device));
            }
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        PrintWriter w = out();
        try (TrainablePolicy p = loaded) {
            String tooLong = firstTooLong(p, training, config.steps() * (long) config.batchSize());
            if (tooLong != null) {
                throw usageError(tooLong + (fromScratch ? "; give the preset a longer context with --max-positions"
                        : "; the model in '" + policy + "' keeps its own context: pretrain from a preset with "
                                + "--max-positions"));
            }
            PretrainTrainer trainer = new PretrainTrainer(config, p, training, probeList, Environments.of(List.of()));
            if (loop.resume) {
                try {
                    trainer.resume(); // a resume of another run is refused before anything is written
                } catch (IllegalStateException e) {
                    throw usageError(e.getMessage());
                }
            }
            if (loop.overwrite) {
                RunFolders.clear(out, w);
            }
            if (tok != null) {
                Tokenizers.save(tok, out.resolve("tokenizer"));
            }
            w.printf(Locale.ROOT, "pretrain %s: %d parameters, %d steps x %d documents, lr %.2g, corpus %s%n",
                    p.name(), p.parameterCount(), config.steps(), config.batchSize(), config.learningRate(), training.weights());
            if (!options.isEmpty()) {
                w.println("corpus options " + options);
            }
            w.println("probes " + probeList.stream().map(Probe::name).toList());
            w.println(Reproducibility.describe(p instanceof DjlPolicy d ? d.device() : Device.cpu()));
            w.flush();
            TrainResult result = trainer.train();
            SftLoopOptions.printResult(w, result);
            printProbes(w, out);
            if (result.lastCheckpoint() != null) {
                w.println("checkpoint " + result.lastCheckpoint());
            }
        }
        return 0;
    }

    /** Documents read before training to check that they fit the model's context. */
    static final int LENGTH_CHECK = 2000;

    /**
     * The first of the run's first {@link #LENGTH_CHECK} documents whose prompt and answer do not fit the model's
     * context, described, or null: a run stops on such a document, so it is refused before it starts.
     */
    private static String firstTooLong(TrainablePolicy p, Corpus corpus, long documents) {
        if (!(p instanceof DjlPolicy d)) {
            return null;
        }
        int context = d.config().maxPositions();
        for (long i = 0; i < Math.min(documents, LENGTH_CHECK); i++) {
            Document doc = corpus.document(i);
            int tokens = p.promptTokens(doc.prompt()) + p.encodeResponse(doc.answer()).length;
            if (tokens > context) {
                return "document " + i + " of the corpus (" + doc.family() + ") is " + tokens
                        + " tokens, more than the model's context of " + context;
            }
        }
        return null;
    }

    /** {@code --corpus-option id.key=value} grouped by provider id. */
    private Map<String, Map<String, String>> providerOptions(Corpora corpora) {
        Map<String, Map<String, String>> byProvider = new LinkedHashMap<>();
        corpusOptions.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw usageError("--corpus-option takes id.key=value, e.g. generalpoints.oodExposure=0.05; got '"
                        + key + "=" + value + "'");
            }
            String id = key.substring(0, dot);
            if (!corpora.registry().contains(id)) {
                throw usageError("--corpus-option " + key + ": no corpus provider '" + id + "' (providers: "
                        + String.join(", ", corpora.registry().ids()) + ")");
            }
            byProvider.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        return byProvider;
    }

    private List<Probe> probes(Corpora corpora, Map<String, Double> weights,
            Map<String, Map<String, String>> options, long seed) {
        List<String> specs = probes;
        if (specs == null) {
            specs = new ArrayList<>();
            if (weights.keySet().stream().anyMatch(f -> f.startsWith("generalpoints/"))) {
                specs.addAll(GENERALPOINTS_PROBES);
            }
            if (weights.containsKey("generalpoints/card-images") || weights.containsKey("generalpoints/task-images")) {
                specs.addAll(GENERALPOINTS_IMAGE_PROBES);
            }
            if (weights.keySet().stream().anyMatch(f -> f.startsWith("virl/"))) {
                specs.addAll(VIRL_PROBES);
            }
        }
        return ProbeSpecs.parse(corpora, specs, options, probeQuestions, ProbeSpecs.seed(seed));
    }

    /** The last probe record of the run, one line per probe. */
    private static void printProbes(PrintWriter w, Path runDir) throws IOException {
        Path metrics = runDir.resolve(SftTrainer.METRICS_FILE);
        if (!Files.isRegularFile(metrics)) {
            return;
        }
        String last = null;
        for (String line : Files.readAllLines(metrics)) {
            if (line.contains("\"probe/")) {
                last = line;
            }
        }
        if (last == null) {
            return;
        }
        JsonNode node = new ObjectMapper().readTree(last);
        w.println("probes at step " + node.get("step").asLong() + " (exact-match accuracy):");
        node.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("probe/")) {
                w.println(ProbeSpecs.line(e.getKey().substring("probe/".length()), e.getValue().asDouble()));
            }
        });
    }
}
