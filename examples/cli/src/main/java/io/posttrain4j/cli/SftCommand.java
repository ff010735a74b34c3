package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import ai.djl.Device;
import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.BpeTokenizer;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.tensor.Reproducibility;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.sft.EvalVariants;
import io.posttrain4j.sft.SftConfig;
import io.posttrain4j.sft.SftTrainer;
import io.posttrain4j.sft.data.ExpertData;
import io.posttrain4j.sft.data.LlavaJson;
import io.posttrain4j.sft.data.SftConversation;
import io.posttrain4j.sft.data.SftExample;

/**
 * {@code posttrain4j sft}: supervised fine-tuning on expert data of an environment (or a LLaVA-style JSON file),
 * evaluated along the way on the environment's in- and out-of-distribution variants.
 */
@Command(
        name = "sft",
        mixinStandardHelpOptions = true,
        description = {
            "Supervised fine-tuning on expert answers, evaluated in and out of distribution.",
            "",
            "Data: --examples single-turn prompt -> expert answer pairs from --env (episode i reset with a "
                    + "counter-derived seed), or sub-optimal multi-turn trajectories with --multi-turn k, or a "
                    + "LLaVA-style JSON file with --data. A preset policy (e.g. small) is trained from scratch "
                    + "with a tokenizer built from the data's texts (--tokenizer) and, where the environment has "
                    + "a 'prompt' option, the compact prompt style (override with --option prompt=reference).",
            "",
            "Writes <out>/metrics.jsonl, <out>/run.json, <out>/tokenizer and <out>/checkpoints/step-NNNNNN "
                    + "(policy, optimizer, trainer state). A folder that is not empty is refused unless --resume "
                    + "(continue from the latest checkpoint exactly; other settings are refused) or --overwrite "
                    + "(delete the earlier run first).",
        })
public final class SftCommand extends CliCommand {
    @Mixin
    private ConfigOptions settings;

    @Mixin
    private EnvironmentSelection selection;

    @Mixin
    private SftLoopOptions loop;

    @Mixin
    private KlFromBaseOptions kl;

    @Option(names = "--policy", defaultValue = "small", paramLabel = "<preset|dir>",
            description = "A preset to train from scratch, or a policy/checkpoint/run folder to continue from "
                    + "(default: ${DEFAULT-VALUE}).")
    private String policy;

    @Option(names = "--provider", defaultValue = "djl", paramLabel = "<id>",
            description = "The policy provider (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "<cpu|gpu>",
            description = "Where the policy trains (default: ${DEFAULT-VALUE}); a missing GPU is an error.")
    private String device;

    @Mixin
    private LoraOptions lora;

    @Option(names = "--tokenizer", defaultValue = "byte", paramLabel = "<byte|bpe:N>",
            description = "For a preset: byte tokens, or a BPE vocabulary of N tokens trained on the data's texts "
                    + "(default: ${DEFAULT-VALUE}).")
    private String tokenizer;

    @Option(names = "--data", paramLabel = "<file.json>",
            description = "Train on a LLaVA-style JSON file instead of generated expert data.")
    private Path dataFile;

    @Option(names = "--save-data", paramLabel = "<file.json>",
            description = "Also write the training conversations as LLaVA-style JSON (images as PNG beside it).")
    private Path saveData;

    @Option(names = "--examples", defaultValue = "5000", paramLabel = "<n>",
            description = "Expert episodes to generate (default: ${DEFAULT-VALUE}).")
    private int examples;

    @Option(names = "--multi-turn", defaultValue = "0", paramLabel = "<k>",
            description = "k > 0: sub-optimal trajectories with k wrong attempts and real feedback before the "
                    + "expert answer (the study's ablation; needs more than k attempts per episode).")
    private int multiTurn;

    @Option(names = "--revisions", defaultValue = "0", paramLabel = "<f>",
            description = "A fraction in [0, 1] of the episodes teaches revision: one wrong attempt (another "
                    + "hand's expert answer) and the environment's real feedback before the expert answer; only "
                    + "expert answers carry loss. Without it a model trained from scratch cannot use revision turns "
                    + "(default: ${DEFAULT-VALUE}).")
    private double revisions;

    @Setting("steps")
    @Option(names = "--steps", defaultValue = "400", paramLabel = "<n>", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Setting("minLearningRate")
    @Option(names = "--min-lr", defaultValue = "0", paramLabel = "<x>", description = "Cosine floor (default: ${DEFAULT-VALUE}).")
    private double minLr;

    @Setting("seed")
    @Option(names = "--seed", defaultValue = "0", paramLabel = "<seed>", description = "Data and model seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Setting("evalEvery")
    @Option(names = "--eval-every", defaultValue = "100", paramLabel = "<n>",
            description = "Evaluate every n steps and at the end; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Setting("evalEpisodes")
    @Option(names = "--eval-episodes", defaultValue = "100", paramLabel = "<n>",
            description = "Episodes per evaluated variant; 0 = no evaluation (default: ${DEFAULT-VALUE}).")
    private int evalEpisodes;

    @Setting("evalVariants")
    @Option(names = "--eval-env", split = ",", paramLabel = "<name>",
            description = "Variants to evaluate (default: the training variant's family, e.g. gp-l,gp-l-rule-ood).")
    private List<String> evalEnvs;

    @Setting("evalOptions")
    @Option(names = "--eval-option", paramLabel = "<key=value>",
            description = "An option for evaluation only, over the training options (e.g. verifyIter=1).")
    private Map<String, String> evalOptions = new LinkedHashMap<>();

    @Setting("evalMaxNewTokens")
    @Option(names = "--eval-max-tokens", defaultValue = "64", paramLabel = "<n>",
            description = "Generation budget per answer in evaluation (default: ${DEFAULT-VALUE}).")
    private int evalMaxTokens;

    @Option(names = "--out", paramLabel = "<dir>", description = "Run folder (default: runs/sft-<variant>).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Environments environments = Environments.discover();
        Environments.Resolved trained = selection.resolve(environments);
        // Every argument is checked before minutes of data generation, and before anything is written.
        tokenizerVocabulary();
        try {
            kl.check();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        String located;
        try {
            located = EvalCommand.locatePolicy("--policy", provider, policy);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        boolean fromScratch = !Files.isDirectory(Path.of(policy));
        String loraProblem = lora.problem(policy, fromScratch);
        if (loraProblem != null) {
            throw usageError(loraProblem);
        }
        Map<String, String> envOptions = new LinkedHashMap<>(selection.options());
        // A small model trained from scratch learns the compact prompt far faster than the study's long texts.
        if (fromScratch && trained.provider().options().containsKey("prompt")) {
            envOptions.putIfAbsent("prompt", "compact");
        }
        Supplier<Environment> factory = () -> {
            try {
                return trained.provider().create(trained.variant().name(), envOptions);
            } catch (IllegalArgumentException e) {
                throw usageError(trained.qualifiedName() + ": " + e.getMessage());
            }
        };
        factory.get().close(); // fail fast on a bad option
        Path runDir = out != null ? out : Path.of("runs", "sft-" + trained.variant().name());
        List<String> variants = evalEpisodes == 0 ? List.of()
                : evalEnvs != null ? evalEnvs.stream().map(v -> resolveEvalVariant(environments, v.trim())).toList()
                : EvalVariants.family(environments, trained.qualifiedName());
        Map<String, String> evalOpts = new LinkedHashMap<>(envOptions);
        evalOpts.putAll(evalOptions);
        SftConfig config = config(runDir, variants, evalOpts);
        try {
            config = settings.applyUnderFlags(config, SftLoopOptions.RESERVED, SftLoopOptions.derived(Map.of(
                    "evalVariants", List.of("--eval-env", "--eval-episodes"), "evalOptions", List.of("--option"))));
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        if (settings.printed(config, out())) {
            return 0;
        }
        try {
            RunFolders.check(runDir, loop.resume, loop.overwrite, fromScratch ? null : located);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        PrintWriter w = out();

        List<SftConversation> conversations = data(factory, config.seed());
        if (saveData != null) {
            LlavaJson.write(saveData, conversations);
            w.println("wrote " + conversations.size() + " conversations to " + saveData);
        }

        Tokenizer tok = null;
        TrainablePolicy loaded;
        try {
            if (fromScratch && provider.equals("djl")) {
                tok = buildTokenizer(conversations);
                checkRunTokenizer(runDir, tok);
                loaded = scratch(tok, config.seed());
            } else {
                loaded = EvalCommand.loadTrainable(provider, policy, policyOptions(config.seed()));
            }
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        try (TrainablePolicy p = loaded) {
            List<SftExample> trainingExamples = revisions > 0 ? ExpertData.answerExamples(conversations)
                    : ExpertData.examples(conversations);
            SftTrainer trainer = new SftTrainer(config, p, trainingExamples, environments);
            if (loop.resume) {
                try {
                    trainer.resume(); // a resume of another run is refused before anything is written
                } catch (IllegalStateException e) {
                    throw usageError(e.getMessage());
                }
            }
            if (loop.overwrite) {
                RunFolders.clear(runDir, w);
            }
            if (tok != null) {
                Path tokenizerDir = runDir.resolve("tokenizer");
                Tokenizers.save(tok, tokenizerDir);
                w.println("tokenizer " + tok + " (" + tok.vocabSize() + " tokens) built from the data, saved to "
                        + tokenizerDir);
            }
            w.printf(Locale.ROOT, "sft %s on %s: %d conversations, %d parameters, %d steps x %d examples, lr %.2g%n",
                    p.name(), trained.qualifiedName(), conversations.size(), p.parameterCount(), config.steps(), config.batchSize(), config.learningRate());
            w.println(Reproducibility.describe(p instanceof DjlPolicy d ? d.device() : Device.cpu()));
            if (kl.enabled()) {
                trainer.logKlFromBase(kl.sample(provider, trainingExamples.stream().map(SftExample::prompt).toList(),
                        config.evalMaxNewTokens(), Seeds.stream(config.seed(), "kl-from-base"), w));
            }
            w.flush();
            TrainResult result = trainer.train();
            SftLoopOptions.printResult(w, result);
            if (!result.lastEval().isEmpty()) {
                EvalCommand.printTable(w, p.name(), result.lastEval());
            }
            if (result.lastCheckpoint() != null) {
                w.println("checkpoint " + result.lastCheckpoint());
            }
        }
        return 0;
    }

    private List<SftConversation> data(Supplier<Environment> factory, long seed) throws IOException {
        if (!(revisions >= 0 && revisions <= 1)) {
            throw usageError("--revisions must be a fraction in [0, 1], got " + revisions);
        }
        if (revisions > 0 && (dataFile != null || multiTurn > 0)) {
            throw usageError("--revisions makes its own data: it does not combine with "
                    + (dataFile != null ? "--data" : "--multi-turn"));
        }
        if (dataFile != null) {
            return LlavaJson.read(dataFile);
        }
        if (examples < 1) {
            throw usageError("--examples must be >= 1, got " + examples);
        }
        long dataSeed = Seeds.stream(seed, "sft-data");
        try {
            return revisions > 0 ? ExpertData.withRevisions(factory, dataSeed, examples, revisions)
                    : multiTurn > 0 ? ExpertData.multiTurn(factory, dataSeed, examples, multiTurn)
                    : ExpertData.singleTurn(factory, dataSeed, examples);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw usageError(e.getMessage());
        }
    }

    private SftConfig config(Path runDir, List<String> variants, Map<String, String> evalOpts) {
        try {
            return loop.applyTo(SftConfig.builder(), evalEvery).steps(steps).runDir(runDir)
                    .minLearningRate(minLr).seed(seed).evalVariants(variants).evalOptions(evalOpts)
                    .evalEvery(evalEvery).evalEpisodes(Math.max(1, evalEpisodes))
                    .evalSeed(EvalCommand.EVAL_SEED).evalMaxNewTokens(evalMaxTokens).build();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    /** A fresh DJL policy of preset {@code --policy} sized to the data's tokenizer, initialised from {@code seed}. */
    private TrainablePolicy scratch(Tokenizer tok, long seed) {
        if (!ModelConfig.PRESETS.contains(policy)) {
            throw usageError("--policy '" + policy + "' is neither a folder nor a preset of djl (presets: "
                    + String.join(", ", ModelConfig.PRESETS) + ")");
        }
        ModelConfig config = ModelConfig.preset(policy).withVocabSize(tok.vocabSize());
        return DjlPolicy.create(config, new DefaultChatTemplate(tok, config.patchCount()), seed,
                Devices.parse(device));
    }

    private String resolveEvalVariant(Environments environments, String name) {
        try {
            return environments.resolve(name).qualifiedName();
        } catch (IllegalArgumentException e) {
            throw usageError("--eval-env: " + e.getMessage());
        }
    }

    /**
     * On resume, the tokenizer built now must be the one the run was started with: a different --tokenizer is
     * refused here, before the run's tokenizer folder is rewritten.
     */
    private void checkRunTokenizer(Path runDir, Tokenizer built) throws IOException {
        Path dir = runDir.resolve("tokenizer");
        if (!loop.resume || !Files.isDirectory(dir)) {
            return;
        }
        Tokenizer saved;
        try {
            saved = Tokenizers.load(dir);
        } catch (IOException e) {
            return; // an unreadable copy is rewritten; the checkpoint's own tokenizer is what the run loads
        }
        if (!saved.toString().equals(built.toString())) {
            throw usageError("cannot resume " + runDir + ": --tokenizer " + tokenizer + " builds " + built
                    + ", the run was started with " + saved + " (" + dir + "); give the run's --tokenizer or "
                    + "use another --out");
        }
    }

    /** 0 for byte tokens, N for bpe:N; a usage error for anything else. */
    private int tokenizerVocabulary() {
        String spec = tokenizer.trim().toLowerCase(Locale.ROOT);
        if (spec.equals("byte")) {
            return 0;
        }
        if (spec.startsWith("bpe:")) {
            int n;
            try {
                n = Integer.parseInt(spec.substring(4));
            } catch (NumberFormatException e) {
                throw usageError("--tokenizer bpe:N needs an integer N, got '" + tokenizer + "'");
            }
            int minimum = new ByteTokenizer().vocabSize();
            if (n < minimum) {
                throw usageError("--tokenizer bpe:N needs N >= " + minimum + " (256 bytes and the special tokens), "
                        + "got '" + tokenizer + "'; for byte tokens write --tokenizer byte");
            }
            return n;
        }
        throw usageError("--tokenizer must be byte or bpe:N, got '" + tokenizer + "'");
    }

    /** byte, or bpe:N trained on every text of the data (prompts and answers). */
    private Tokenizer buildTokenizer(List<SftConversation> conversations) {
        int size = tokenizerVocabulary();
        if (size == 0) {
            return new ByteTokenizer();
        }
        try {
            return BpeTokenizer.train(SftConversation.texts(conversations), size);
        } catch (IllegalArgumentException e) {
            throw usageError("--tokenizer " + tokenizer + ": " + e.getMessage());
        }
    }

    /** The policy provider's options: the seed, and a fresh adapter with {@code --lora}. */
    private Map<String, String> policyOptions(long seed) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("seed", Long.toString(seed));
        if (!device.equals("cpu")) {
            options.put("device", device); // only when asked: another provider need not know the option
        }
        lora.addTo(options);
        return options;
    }
}
