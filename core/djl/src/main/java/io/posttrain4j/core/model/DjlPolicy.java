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
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
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
    private final ModelConfig config;
    private final ChatTemplate template;
    private final long seed;
    private final String name;
    private final Network network;
    private final boolean trainable;
    private AutoCloseable owned; // a tokenizer this policy loaded itself (Hugging Face tokenizers hold native memory)

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
     * Loads a checkpoint folder: one written by {@link #save}, or a Hugging Face Llama/Mistral/Qwen2 folder
     * ({@code config.json}, {@code tokenizer.json}, safetensors weights), whose text decoder is loaded and whose
     * value head starts from {@code seed}.
     *
     * @throws IOException naming the folder and what is missing or malformed
     */
    public static DjlPolicy load(Path dir, long seed, Device device) throws IOException {
        Path config = dir.resolve(PolicyCheckpoint.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new java.nio.file.NoSuchFileException(config.toString(), null,
                    "not a checkpoint folder: it has no " + PolicyCheckpoint.CONFIG);
        }
        ModelConfig c = ModelConfigJson.read(config);
        boolean own = PolicyCheckpoint.isOwn(dir);
        if (!own && !c.tieEmbeddings() && !PolicyCheckpoint.tensorNames(dir).contains("lm_head.weight")) {
            c = c.withTieEmbeddings(true); // as saved by transformers when the head is tied: no lm_head tensor
        }
        Tokenizer tok = Tokenizers.load(dir);
        Set<String> zeroed = new java.util.HashSet<>();
        for (String n : ParameterLayout.of(c).keySet()) {
            if (own || ParameterLayout.isText(n)) {
                zeroed.add(n);
            }
        }
        DjlPolicy p;
        try {
            // Header-only: a config.json that does not fit its weights (a damaged vocab_size, say) fails here,
            // naming the folder, before the model's memory is allocated.
            PolicyCheckpoint.checkShapes(c, dir, own);
            p = new DjlPolicy(c, new DefaultChatTemplate(tok, c.patchCount()), seed, device,
                    "djl[" + dir.getFileName() + "]", true, zeroed);
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
                template.tokenizer().special().pad(), template.tokensPerImage());
        try (NoGrad ignored = NoGrad.enter(); ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            NDArray logits = network.logits(Forward.hidden(network, sb, network.manager, null)).get(0); // (T, V)
            ai.djl.ndarray.NDScope.unregister(logits);
            logits.attach(manager);
            return logits;
        }
    }

    @Override
    public Map<String, NDArray> parameters() {
        return network.parameters();
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

    /** A copy with the same weights, on the same device, that records no gradients (a KL reference). */
    @Override
    public DjlPolicy frozenCopy() {
        DjlPolicy copy = new DjlPolicy(config, template, seed, device(), name + "-frozen", false,
                network.parameters().keySet());
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

    @Override
    public void save(Path dir) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("parameters", parameterCount());
        info.put("tokens_per_image", template.tokensPerImage());
        info.put("tokenizer", template.tokenizer().toString());
        PolicyCheckpoint.save(network, template.tokenizer(), info, seed, dir);
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        PolicyCheckpoint.load(network, dir, PolicyCheckpoint.isOwn(dir));
    }

    /** The manager that owns the parameters (package-private: leak tests count its arrays). */
    NDManager manager() {
        return network.manager;
    }

    /** Frees the native memory of the parameters (and of a tokenizer that {@link #load} opened). Idempotent. */
    @Override
    public void close() {
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
