package io.posttrain4j.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.tokenizer.ChatMlTemplate;
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.ChatTemplates;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.model.tokenizer.HuggingFaceTokenizer;
import io.posttrain4j.core.model.tokenizer.SpecialTokenNames;
import io.posttrain4j.core.model.tokenizer.SpecialTokens;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * The default trainable policy: a Llama-style decoder with a ViT image encoder and a value head (see
 * {@link ModelConfig}), on DJL's PyTorch engine.
 *
 * <p>Generation is batched with a KV cache; {@code seeds[i]} alone decides row i's samples, and no autograd graph
 * is recorded on the calling thread (its grad mode is restored afterwards). Scoring is one differentiable padded
 * forward pass. The policy owns its native memory: {@link #close()} frees it. Not thread-safe.
 */
public final class DjlPolicy implements TrainablePolicy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DjlPolicy.class);
    /** What the base view of an adapter policy writes for {@link #save}: the base folder's path. */
    static final String BASE_VIEW = "posttrain4j-base-view.txt";

    private final ModelConfig config;
    private final ChatTemplate template;
    private final long seed;
    private final String name;
    private final Network network;
    private final boolean trainable;
    private AutoCloseable owned; // a tokenizer this policy loaded itself (Hugging Face tokenizers hold native memory)
    private Path adapterBase; // the base model folder of a LoRA adapter, or null without one
    private Path templateSource; // the folder whose chat template files this policy's template came from, or null
    private DjlPolicy viewOf; // a base view's policy: the arrays belong to it
    private boolean baseViewMade; // a base view shares this policy's weights: merging would change it

    private DjlPolicy(ModelConfig config, ChatTemplate template, long seed, Device device, String name,
            boolean trainable, Set<String> zeroed) {
        this.config = Objects.requireNonNull(config, "config");
        this.template = Objects.requireNonNull(template, "template");
        Objects.requireNonNull(device, "device");
        Tokenizer tok = template.tokenizer();
        if (tok.vocabSize() > config.vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tok.vocabSize() + " ids but the model only "
                    + config.vocabSize() + " embeddings; use config.withVocabSize(" + tok.vocabSize() + ")");
        }
        if (template.tokensPerImage() != config.patchCount()) {
            throw new IllegalArgumentException("the chat template puts " + template.tokensPerImage()
                    + " placeholders per image but the image encoder makes " + config.patchCount() + " patches");
        }
        this.seed = seed;
        this.name = name;
        this.trainable = trainable;
        this.network = new Network(config, device, seed, trainable, zeroed);
    }

    /** The base view of an adapter policy: same template and arrays, adapter off, no gradients recorded. */
    private DjlPolicy(DjlPolicy source, Network base) {
        this.config = source.config;
        this.template = source.template;
        this.seed = source.seed;
        this.name = source.name + "-base";
        this.trainable = false;
        this.network = base;
        this.viewOf = source;
    }

    /**
     * A freshly initialised policy.
     *
     * @param template its {@code tokensPerImage} must equal {@link ModelConfig#patchCount()}, its vocabulary fit
     *     {@link ModelConfig#vocabSize()}
     * @param seed decides every initial weight (equal seeds give equal weights on any machine)
     * @param device {@link Devices#parse} gives one that exists
     */
    public static DjlPolicy create(ModelConfig config, ChatTemplate template, long seed, Device device) {
        return new DjlPolicy(config, template, seed, device, "djl[" + describe(config) + "]", true, Set.of());
    }

    /**
     * Loads a checkpoint folder: one written by {@link #save}, a Hugging Face folder (Llama, Mistral, Qwen2 text
     * models, SmolVLM / Idefics3 and LLaVA-OneVision with their vision path: {@code config.json},
     * {@code tokenizer.json}, safetensors weights) whose value head starts from {@code seed}, or a LoRA adapter folder ({@code adapter_config.json}, as PEFT or
     * {@link #save} write it), loaded onto the base model its {@code base_model_name_or_path} names.
     *
     * @throws IOException naming the folder and what is missing or malformed
     */
    public static DjlPolicy load(Path dir, long seed, Device device) throws IOException {
        if (LoraCheckpoint.isAdapter(dir)) {
            LoraCheckpoint.readConfig(dir); // what the adapter is fails before where its base is
            return loadAdapter(LoraCheckpoint.basePath(dir), dir, seed, device);
        }
        return loadModel(dir, seed, device, true);
    }

    /**
     * Loads the model of {@code base} with a fresh LoRA adapter: only the adapter (and the value head) record
     * gradients, so trainers update those alone; {@code A} starts from {@code seed}, {@code B} at zero, so the
     * policy starts equal to the base. {@link #save} then writes the adapter folder, not the model.
     *
     * @param base a model folder (a Hugging Face folder or one written by {@link #save}), not an adapter
     * @throws IllegalArgumentException if the targets match no projection of the model
     */
    public static DjlPolicy load(Path base, long seed, Device device, LoraConfig lora) throws IOException {
        Objects.requireNonNull(lora, "lora");
        if (LoraCheckpoint.isAdapter(base)) {
            throw new IllegalArgumentException(base + " is a LoRA adapter folder; a new adapter needs the base "
                    + "model folder it was trained on");
        }
        DjlPolicy p = loadModel(base, seed, device, false);
        try {
            p.attachAdapter(lora, seed, base);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * Loads the model of {@code base} with the adapter of {@code adapter} (a folder as PEFT writes it); the
     * adapter records gradients, the base does not.
     *
     * @throws IOException naming the file and the key of a tensor that matches nothing, or one that is missing
     */
    public static DjlPolicy loadAdapter(Path base, Path adapter, long seed, Device device) throws IOException {
        LoraConfig lora = LoraCheckpoint.readConfig(adapter);
        DjlPolicy p = loadModel(base, seed, device, false);
        try {
            p.attachAdapter(lora, seed, base);
            LoraCheckpoint.load(p.network, adapter);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void attachAdapter(LoraConfig lora, long adapterSeed, Path base) {
        network.attachLora(lora, adapterSeed);
        for (String name : valueHeadParameters()) {
            network.parameters().get(name).setRequiresGradient(true); // the critic trains beside the adapter
        }
        adapterBase = base.toAbsolutePath().normalize();
    }

    private static DjlPolicy loadModel(Path dir, long seed, Device device, boolean trainable) throws IOException {
        Path config = dir.resolve(PolicyCheckpoint.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new java.nio.file.NoSuchFileException(config.toString(), null,
                    "not a checkpoint folder: it has no " + PolicyCheckpoint.CONFIG);
        }
        ModelConfig c = ModelConfigJson.read(config);
        boolean own = PolicyCheckpoint.isOwn(dir);
        java.util.Set<String> names = own ? Set.of() : PolicyCheckpoint.tensorNames(dir);
        if (!own && !c.tieEmbeddings() && !names.contains(PolicyCheckpoint.stored(c, false, "lm_head.weight", names))) {
            c = c.withTieEmbeddings(true); // as saved by transformers when the head is tied: no lm_head tensor
        }
        Tokenizer loaded = Tokenizers.load(dir);
        Tokenizer tok;
        try {
            tok = withImageToken(config, own, loaded);
        } catch (IOException | RuntimeException e) {
            if (loaded instanceof AutoCloseable closeable) {
                closeQuietly(closeable, e);
            }
            throw e;
        }
        Set<String> zeroed = new java.util.HashSet<>();
        for (String n : ParameterLayout.of(c).keySet()) {
            if (own || ParameterLayout.fromCheckpoint(n)) {
                zeroed.add(n);
            }
        }
        DjlPolicy p;
        try {
            // Header-only: a config.json that does not fit its weights (a damaged vocab_size, say) fails here,
            // naming the folder, before the model's memory is allocated.
            PolicyCheckpoint.checkShapes(c, dir, own);
            ChatTemplate template = chatTemplate(dir, tok, c);
            checkImageToken(config, template);
            p = new DjlPolicy(c, template, seed, device, "djl[" + dir.getFileName() + "]", trainable, zeroed);
            p.templateSource = template instanceof DefaultChatTemplate ? null : dir;
        } catch (IOException | RuntimeException e) {
            if (tok instanceof AutoCloseable closeable) {
                closeQuietly(closeable, e);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(config + ": cannot build the model it describes (" + describe(c) + ", "
                    + ParameterLayout.of(c).values().stream().mapToLong(ParameterLayout.Spec::size).sum()
                    + " parameters): " + e.getMessage(), e);
        }
        if (tok instanceof AutoCloseable c2) {
            p.owned = c2;
        }
        try {
            PolicyCheckpoint.load(p.network, dir, own);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** The network, for the parity tests of this package. */
    Network network() {
        return network;
    }

    /** The image token a vision-language config names ({@code image_token_id} or {@code image_token_index}). */
    private static com.fasterxml.jackson.databind.JsonNode imageTokenId(Path config) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(config.toFile());
        return root.has("image_token_id") ? root.get("image_token_id") : root.get("image_token_index");
    }

    /**
     * A downloaded tokenizer whose detected image placeholder is not the token the model's config names (a
     * vocabulary with both {@code <|image_pad|>} and {@code <image>}, say) is loaded again with the config's.
     */
    private static Tokenizer withImageToken(Path config, boolean own, Tokenizer tok) throws IOException {
        com.fasterxml.jackson.databind.JsonNode id = own ? null : imageTokenId(config);
        if (id == null || !id.canConvertToInt() || !(tok instanceof HuggingFaceTokenizer hf)
                || hf.special().image() == id.intValue()) {
            return tok;
        }
        Map<Integer, String> spelling = new java.util.HashMap<>();
        ChatTemplates.addedTokens(hf.source()).forEach((text, i) -> spelling.put(i, text));
        SpecialTokens sp = hf.special();
        String[] names = {spelling.get(sp.pad()), spelling.get(sp.beginOfText()), spelling.get(sp.endOfTurn()),
            spelling.get(id.intValue()), spelling.get(sp.system()), spelling.get(sp.user()), spelling.get(sp.assistant())};
        if (java.util.Arrays.asList(names).contains(null)) {
            return tok; // not all added tokens: checkImageToken names the mismatch
        }
        Path json = hf.source();
        hf.close();
        return HuggingFaceTokenizer.load(json, SpecialTokenNames.of(names[0], names[1], names[2], names[3], names[4],
                names[5], names[6]));
    }

    /**
     * A vision-language folder names its image token ({@code image_token_id} or {@code image_token_index}): the
     * template must place that token, or the image features would go nowhere.
     */
    private static void checkImageToken(Path config, ChatTemplate template) throws IOException {
        if (template.tokensPerImage() == 0) {
            return;
        }
        com.fasterxml.jackson.databind.JsonNode id = imageTokenId(config);
        int placed = template.tokenizer().special().image();
        if (id != null && id.canConvertToInt() && id.intValue() != placed) {
            throw new IOException(config + ": the model's image token is " + id.intValue() + " but the tokenizer's "
                    + "image placeholder is " + placed + "; the tokenizer does not fit this model");
        }
    }

    /**
     * The folder's chat template ({@link ChatTemplates#forModel}); a template of no supported family falls back to
     * the default template with a warning, so that the model still loads.
     */
    private static ChatTemplate chatTemplate(Path dir, Tokenizer tok, ModelConfig c) throws IOException {
        ChatTemplate t;
        try {
            t = ChatTemplates.forModel(dir, tok, c.patchCount());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; using the default template (no role names) instead", e.getMessage());
            return new DefaultChatTemplate(tok, c.patchCount());
        }
        if (c.siglip() != null && c.siglip().connector() == ModelConfig.Siglip.Connector.ANYRES_MLP
                && t instanceof ChatMlTemplate chatMl) {
            // LLaVA-OneVision: an image's placeholders follow its size, as the processor expands <image>
            return chatMl.withImageTokens(image -> c.anyresLayout(image.height(), image.width()).tokens());
        }
        if (c.siglip() != null && c.siglip().images() != null && c.siglip().images().split()
                && t instanceof io.posttrain4j.core.model.tokenizer.SmolVlmChatTemplate smol) {
            // SmolVLM with do_image_splitting: an image's placeholders follow its tiles, as the processor expands them
            return smol.withSplitting(image -> {
                SmolVlmFrames f = SmolVlmFrames.of(image.height(), image.width(), c.siglip().images(), c.imageHeight());
                return new io.posttrain4j.core.model.tokenizer.SmolVlmChatTemplate.Grid(f.rows(), f.cols());
            });
        }
        return t;
    }

    private static void closeQuietly(AutoCloseable closeable, Exception failure) {
        try {
            closeable.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static String describe(ModelConfig c) {
        for (String preset : ModelConfig.PRESETS) {
            ModelConfig pc = ModelConfig.preset(preset);
            if (pc.equals(c) || pc.withVocabSize(c.vocabSize()).equals(c)) {
                return preset;
            }
        }
        return "d" + c.hiddenSize() + "x" + c.layers();
    }

    public ModelConfig config() {
        return config;
    }

    public ChatTemplate template() {
        return template;
    }

    public long seed() {
        return seed;
    }

    public Device device() {
        return network.manager.getDevice();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
        return Generator.generate(network, template, observations, sampling, seeds, true);
    }

    /**
     * Generates without the KV cache, recomputing the whole prefix each step: the baseline of the benchmark and
     * the reference of the cache tests. Same results as {@link #generate} up to float rounding.
     */
    public List<Generation> generateWithoutCache(List<Observation> observations, Sampling sampling, long[] seeds) {
        return Generator.generate(network, template, observations, sampling, seeds, false);
    }

    /**
     * Generates from prompts given as token ids, with no chat template (text only): what {@code generate --raw}
     * runs. Same batching, cache and seeding as {@link #generate}; a row stops at the tokenizer's end-of-turn.
     */
    public List<Generation> generateFromIds(List<int[]> prompts, Sampling sampling, long[] seeds) {
        List<io.posttrain4j.core.model.tokenizer.EncodedPrompt> encoded = new java.util.ArrayList<>();
        for (int[] ids : prompts) {
            encoded.add(new io.posttrain4j.core.model.tokenizer.EncodedPrompt(ids, List.of(), new int[0]));
        }
        return Generator.generate(network, template.tokenizer(), template.tokensPerImage(), encoded, sampling,
                seeds, true);
    }

    /** The prompt ids of {@code observation} through this policy's chat template (image placeholders included). */
    public int[] promptIds(Observation observation) {
        return template.encodePrompt(observation).ids();
    }

    @Override
    public int[] encodeResponse(String text) {
        return template.encodeResponse(text);
    }

    @Override
    public int promptTokens(Observation observation) {
        return template.encodePrompt(observation).ids().length;
    }

    @Override
    public Scores score(NDManager manager, List<Observation> observations, List<int[]> responses,
            ScoreOptions options) {
        return Scorer.score(network, template, manager, observations, responses, options);
    }

    /**
     * The next-token logits of every position of one observation's prompt, (T, V), in {@code manager}; no
     * gradient is recorded. For parity tests and inspection.
     */
    public NDArray promptLogits(NDManager manager, Observation observation) {
        SequenceBatch sb = SequenceBatch.of(List.of(template.encodePrompt(observation)), null,
                template.tokenizer().special().pad(), template::tokensFor);
        try (NoGrad ignored = NoGrad.enter(); ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            NDArray logits = network.logits(Forward.hidden(network, sb, network.manager, null)).get(0); // (T, V)
            ai.djl.ndarray.NDScope.unregister(logits);
            logits.attach(manager);
            return logits;
        }
    }

    /**
     * The trainable parameters: every parameter, or with a LoRA adapter (not merged) the adapter's arrays (PEFT
     * names without {@code base_model.model.}) and the value head.
     */
    @Override
    public Map<String, NDArray> parameters() {
        if (!hasAdapter()) {
            return network.parameters();
        }
        if (network.isMerged()) {
            throw new IllegalStateException("the LoRA adapter is merged into the weights: unmergeAdapter() before "
                    + "training");
        }
        Map<String, NDArray> out = new LinkedHashMap<>(network.loraParameters());
        for (String name : valueHeadParameters()) {
            out.put(name, network.parameters().get(name));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Whether this policy carries a LoRA adapter. */
    public boolean hasAdapter() {
        return network.loraConfig() != null;
    }

    /** The adapter's config, or null without one. */
    public LoraConfig adapterConfig() {
        return network.loraConfig();
    }

    /**
     * Folds the adapter into the base weights ({@code W += scale * B A}); the outputs stay the same up to float
     * rounding, {@link #parameters()} becomes every parameter and {@link #save} writes the whole model.
     *
     * @throws IllegalStateException without an adapter
     */
    public void mergeAdapter() {
        if (baseViewMade) {
            throw new IllegalStateException("a KL reference shares this policy's base weights (frozenCopy()); "
                    + "merging would change it: merge after training, on a policy without one");
        }
        network.setMerged(true);
    }

    /** Takes a merged adapter out of the base weights again; {@link #save} writes the adapter folder. */
    public void unmergeAdapter() {
        network.setMerged(false);
    }

    /** Whether the adapter is merged into the base weights. */
    public boolean isAdapterMerged() {
        return network.isMerged();
    }

    /** The {@code value_head.*} parameters. */
    @Override
    public java.util.Set<String> valueHeadParameters() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String name : network.parameters().keySet()) {
            if (name.startsWith("value_head.")) {
                out.add(name);
            }
        }
        return out;
    }

    @Override
    public long parameterCount() {
        return network.parameterCount();
    }

    /**
     * A copy with the same weights, on the same device, that records no gradients (a KL reference). With a LoRA
     * adapter it is the base model without the adapter, sharing this policy's arrays (nothing is copied; it must
     * not outlive this policy), as PPO's reference for adapter training; as in TRL, that is the base even when the
     * adapter was trained before (an SFT adapter continued by PPO is penalised toward the base, not toward itself).
     *
     * @throws IllegalStateException while the adapter is merged
     */
    @Override
    public DjlPolicy frozenCopy() {
        if (hasAdapter()) {
            if (network.isMerged()) {
                throw new IllegalStateException("the LoRA adapter is merged into the weights: unmergeAdapter() "
                        + "before taking a KL reference");
            }
            baseViewMade = true;
            return new DjlPolicy(this, network.withoutAdapter());
        }
        DjlPolicy copy = new DjlPolicy(config, template, seed, device(), name + "-frozen", false,
                network.parameters().keySet());
        copy.templateSource = templateSource;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, NDArray> e : network.parameters().entrySet()) {
                copy.network.parameters().get(e.getKey()).set(new NDIndex("..."), e.getValue());
            }
        }
        return copy;
    }

    /** Whether the parameters record gradients (false for a {@link #frozenCopy}). */
    public boolean isTrainable() {
        return trainable;
    }

    /**
     * Writes this policy: the model folder, or with a LoRA adapter (not merged) the adapter folder in PEFT's
     * format, naming its base folder; a base view (the {@link #frozenCopy} of an adapter policy) writes only a
     * note naming the base, which {@link #loadWeights} checks.
     */
    @Override
    public void save(Path dir) throws IOException {
        if (viewOf != null) {
            Path target = dir.toAbsolutePath().normalize();
            Files.createDirectories(target);
            io.posttrain4j.core.io.AtomicFiles.writeString(target.resolve(BASE_VIEW), viewOf.adapterBase + "\n");
            return;
        }
        if (hasAdapter() && !network.isMerged()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", name);
            info.put("lora", network.loraConfig().spec());
            LoraCheckpoint.save(network, adapterBase, seed, info, dir);
            return;
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("parameters", parameterCount());
        info.put("tokens_per_image", template.tokensPerImage());
        info.put("tokenizer", template.tokenizer().toString());
        PolicyCheckpoint.save(network, template.tokenizer(), info, seed, dir, templateSource);
    }

    /**
     * Copies the weights of a checkpoint folder into this policy: the model, or with a LoRA adapter the adapter
     * folder's arrays.
     *
     * @throws IllegalStateException when the folder does not hold what this policy is (an adapter for a whole
     *     model or the reverse, or an adapter of another rank, alpha, scaling, targets or base), naming both: a
     *     resume with other settings than the run's
     */
    @Override
    public void loadWeights(Path dir) throws IOException {
        if (viewOf != null) {
            Path note = dir.resolve(BASE_VIEW);
            String named = Files.isRegularFile(note) ? Files.readString(note).trim() : null;
            if (!viewOf.adapterBase.toString().equals(named)) {
                throw new IOException(dir + ": expected the base model " + viewOf.adapterBase + " named in "
                        + BASE_VIEW + ", found " + named);
            }
            return; // the base view shares the (frozen) base weights
        }
        checkWeights(dir);
        if (hasAdapter()) {
            LoraCheckpoint.load(network, dir);
            return;
        }
        PolicyCheckpoint.load(network, dir, PolicyCheckpoint.isOwn(dir));
    }

    /** LoRA dropout for the step's passes with gradients, its masks drawn from the run's seed and the step. */
    @Override
    public TrainingStep trainingStep(long seed, long step) {
        network.beginDropoutStep(Seeds.derive(Seeds.stream(seed, "lora-dropout"), step));
        return network::endDropoutStep;
    }

    /** An adapter folder for an adapter policy with the same rank, alpha, dropout, scaling, targets and base; else none. */
    @Override
    public void checkWeights(Path dir) throws IOException {
        if (viewOf != null) {
            return;
        }
        if (hasAdapter()) {
            if (!LoraCheckpoint.isAdapter(dir)) {
                throw new IllegalStateException(dir + " holds a whole model, not a LoRA adapter, but this policy "
                        + "trains the adapter " + network.loraConfig().spec() + "; resume without --lora");
            }
            LoraConfig saved = LoraCheckpoint.readConfig(dir);
            LoraConfig live = network.loraConfig();
            if (!saved.sameAdapter(live)) {
                throw new IllegalStateException(dir + " holds the adapter " + saved.spec() + " but this policy "
                        + "has " + live.spec() + "; give the run's --lora");
            }
            Path savedBase = LoraCheckpoint.basePath(dir).toAbsolutePath().normalize();
            if (!savedBase.equals(adapterBase)) {
                throw new IllegalStateException(dir + " is an adapter on " + savedBase + " but this policy's base "
                        + "is " + adapterBase + "; give the run's --policy");
            }
        } else if (LoraCheckpoint.isAdapter(dir)) {
            throw new IllegalStateException(dir + " holds the LoRA adapter " + LoraCheckpoint.readConfig(dir).spec()
                    + ", but this policy has no adapter; give the run's --lora");
        }
    }

    /** The manager that owns the parameters (package-private: leak tests count its arrays). */
    NDManager manager() {
        return network.manager;
    }

    /** Frees the native memory of the parameters (and of a tokenizer that {@link #load} opened). Idempotent. */
    @Override
    public void close() {
        if (viewOf != null) {
            return; // the arrays belong to the adapter policy
        }
        network.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the tokenizer " + owned, e);
            } finally {
                owned = null;
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + parameterCount() + " parameters on " + Devices.name(device()) + ")";
    }
}
