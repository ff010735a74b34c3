package io.posttrain4j.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.tensor.Tensors;

/**
 * The parameters of one model and its forward pass: token embeddings, the decoder stack with an optional KV
 * cache, the LM head and the value head. The image encoder is {@link VisionTower}.
 *
 * <p>Every method only composes NDArray ops; callers run them inside an {@link ai.djl.ndarray.NDScope} so that
 * intermediate arrays (some attach to the parameters' manager, as an op's result joins its first operand's
 * manager) are freed when the scope closes. Not thread-safe.
 */
final class Network implements AutoCloseable {
    /** Masked attention scores get this bias: finite, so fully masked padding rows stay NaN-free. */
    static final float MASKED = -1e9f;

    final ModelConfig config;
    final NDManager manager;
    private final Map<String, NDArray> params;
    private final Layer[] layers;
    private final NDArray embedTokens;
    private final NDArray finalNorm;
    private final NDArray lmHead;
    private final NDArray[] valueWeights;
    private final NDArray[] valueBiases;
    final Rope rope;
    final ImageEncoder vision;
    /** LoRA pairs {A, B} per [layer][projection of LoraConfig.PROJECTIONS]; null without an adapter. */
    private NDArray[][][] lora;
    private Map<String, NDArray> loraParams = Map.of();
    private LoraConfig loraConfig;
    private float loraScale;
    /** Seed of this training step's dropout masks and the masks drawn in it (see {@link #beginDropoutStep}). */
    private long dropoutSeed;
    private int dropoutDraws;
    private boolean dropoutOn;
    private boolean merged;
    /** A view shares another network's arrays and manager and closes nothing. */
    private final boolean view;
    /** 0-d constants of every forward pass, made once (see {@link #constant}): RMSNorm's epsilon, 1/sqrt(hd). */
    private final NDArray rmsEps;
    private final NDArray attentionScale;
    private NDArray loraScaleArray;

    private record Layer(NDArray inNorm, NDArray q, NDArray k, NDArray v, NDArray qb, NDArray kb, NDArray vb,
            NDArray o, NDArray postNorm, NDArray gate, NDArray up, NDArray down) {}

    /**
     * Creates the parameters on {@code device}.
     *
     * @param seed initial values (see {@link ParameterLayout#initialValues}); ignored for names in {@code zeroed}
     * @param trainable whether parameters record gradients
     * @param zeroed names that start as zeros because a checkpoint will overwrite them (skips costly init)
     */
    Network(ModelConfig config, Device device, long seed, boolean trainable, java.util.Set<String> zeroed) {
        this.config = config;
        this.manager = NDManager.newBaseManager(device);
        Map<String, NDArray> p = new LinkedHashMap<>();
        try {
            for (ParameterLayout.Spec spec : ParameterLayout.of(config).values()) {
                NDArray a = zeroed.contains(spec.name())
                        ? manager.zeros(new Shape(spec.shape()), DataType.FLOAT32)
                        : Tensors.owned(manager, ParameterLayout.initialValues(spec, seed), spec.shape());
                a.setName(spec.name());
                if (trainable) {
                    a.setRequiresGradient(true);
                }
                p.put(spec.name(), a);
            }
            this.params = Collections.unmodifiableMap(p);
            this.layers = new Layer[config.layers()];
            for (int i = 0; i < layers.length; i++) {
                String n = "model.layers." + i + ".";
                layers[i] = new Layer(p.get(n + "input_layernorm.weight"), p.get(n + "self_attn.q_proj.weight"),
                        p.get(n + "self_attn.k_proj.weight"), p.get(n + "self_attn.v_proj.weight"),
                        p.get(n + "self_attn.q_proj.bias"), p.get(n + "self_attn.k_proj.bias"),
                        p.get(n + "self_attn.v_proj.bias"), p.get(n + "self_attn.o_proj.weight"),
                        p.get(n + "post_attention_layernorm.weight"), p.get(n + "mlp.gate_proj.weight"),
                        p.get(n + "mlp.up_proj.weight"), p.get(n + "mlp.down_proj.weight"));
            }
            this.embedTokens = p.get("model.embed_tokens.weight");
            this.finalNorm = p.get("model.norm.weight");
            this.lmHead = config.tieEmbeddings() ? embedTokens : p.get("lm_head.weight");
            int heads = config.valueHidden().size() + 1;
            this.valueWeights = new NDArray[heads];
            this.valueBiases = new NDArray[heads];
            for (int i = 0; i < heads; i++) {
                valueWeights[i] = p.get("value_head.layers." + i + ".weight");
                valueBiases[i] = p.get("value_head.layers." + i + ".bias");
            }
            this.rope = new Rope(manager, config.maxPositions(), config.headDim(), config.ropeTheta(),
                    config.ropeScaling(), config.ropeFloat32());
            this.vision = !config.hasVision() ? null
                    : config.siglip() != null ? new SiglipTower(config, p) : new VisionTower(config, p);
            this.view = false;
            this.rmsEps = constant(manager, config.rmsNormEps());
            this.attentionScale = constant(manager, 1 / Math.sqrt(config.headDim()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A view of {@code source} without its adapter: the same arrays, nothing copied (a KL reference). */
    private Network(Network source) {
        this.config = source.config;
        this.manager = source.manager;
        this.params = source.params;
        this.layers = source.layers;
        this.embedTokens = source.embedTokens;
        this.finalNorm = source.finalNorm;
        this.lmHead = source.lmHead;
        this.valueWeights = source.valueWeights;
        this.valueBiases = source.valueBiases;
        this.rope = source.rope;
        this.vision = source.vision;
        this.view = true;
        this.rmsEps = source.rmsEps;
        this.attentionScale = source.attentionScale;
    }

    /**
     * A float32 0-d array of {@code v} in torch-owned memory, as {@link Tensors} makes per op, made once: an op with
     * it gives the same bits as {@code Tensors.add(x, v)} without a {@code torch::full} call and a free per layer.
     */
    private static NDArray constant(NDManager manager, double v) {
        return manager.full(new Shape(), (float) v, DataType.FLOAT32, manager.getDevice());
    }

    /** {@code x * c} for a constant of this network, or through {@link Tensors} when x is not float32. */
    private static NDArray mulConstant(NDArray x, NDArray c, double v) {
        return x.getDataType() == DataType.FLOAT32 ? x.mul(c) : Tensors.mul(x, v);
    }

    /** This network without its LoRA adapter, sharing every array; closing it frees nothing. */
    Network withoutAdapter() {
        return new Network(this);
    }

    /**
     * Adds a LoRA adapter: for each projection that {@code c} targets, {@code A} (rank, in) drawn as PEFT's
     * default (Kaiming-uniform, bound {@code 1/sqrt(in)}) from {@code seed} and the module name, and {@code B}
     * (out, rank) zero, so the adapted model starts equal to the base. The adapter's arrays record gradients.
     *
     * @throws IllegalArgumentException if the targets match no projection, or an adapter is already attached
     */
    void attachLora(LoraConfig c, long seed) {
        if (lora != null) {
            throw new IllegalStateException("this network already carries a LoRA adapter");
        }
        NDArray[][][] pairs = new NDArray[layers.length][LoraConfig.PROJECTIONS.size()][];
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            NDArray[] weights = projections(layers[i]);
            for (int j = 0; j < weights.length; j++) {
                String module = "model.layers." + i + "." + LoraConfig.PROJECTIONS.get(j);
                if (!c.targets(PolicyCheckpoint.storedName(config, false, module))) { // PEFT matches HF names
                    continue;
                }
                long out = weights[j].getShape().get(0);
                long in = weights[j].getShape().get(1);
                java.util.SplittableRandom rng = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L
                        ^ module.hashCode());
                float[] a = new float[(int) (c.rank() * in)];
                double bound = 1 / Math.sqrt(in);
                for (int k = 0; k < a.length; k++) {
                    a[k] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
                NDArray aw = Tensors.owned(manager, a, c.rank(), in);
                NDArray bw = manager.zeros(new Shape(out, c.rank()), DataType.FLOAT32);
                aw.setName(module + ".lora_A.weight");
                bw.setName(module + ".lora_B.weight");
                aw.setRequiresGradient(true);
                bw.setRequiresGradient(true);
                pairs[i][j] = new NDArray[] {aw, bw};
                named.put(module + ".lora_A.weight", aw);
                named.put(module + ".lora_B.weight", bw);
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets " + (c.targetRegex() != null ? "'" + c.targetRegex()
                    + "'" : c.targetModules()) + " match no module; modules are model.layers.<i>.<p> for p in "
                    + LoraConfig.PROJECTIONS);
        }
        this.lora = pairs;
        this.loraParams = Collections.unmodifiableMap(named);
        this.loraConfig = c;
        this.loraScale = (float) c.scale();
        this.loraScaleArray = constant(manager, loraScale);
    }

    /** The adapter's arrays by PEFT name without its {@code base_model.model.} prefix; empty without one. */
    Map<String, NDArray> loraParameters() {
        return loraParams;
    }

    /** The attached adapter's config, or null. */
    LoraConfig loraConfig() {
        return loraConfig;
    }

    /**
     * Folds the adapter into the base weights ({@code W += scale * B A}) and stops applying it, or takes it out
     * again ({@code W -= scale * B A}); up to float rounding, merged and unmerged give the same outputs.
     */
    void setMerged(boolean merge) {
        if (lora == null) {
            throw new IllegalStateException("this network carries no LoRA adapter to merge");
        }
        if (merge == merged) {
            return;
        }
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope();
                io.posttrain4j.core.train.NoGrad ignored = io.posttrain4j.core.train.NoGrad.enter()) {
            for (int i = 0; i < layers.length; i++) {
                NDArray[] weights = projections(layers[i]);
                for (int j = 0; j < weights.length; j++) {
                    NDArray[] ab = lora[i][j];
                    if (ab == null) {
                        continue;
                    }
                    NDArray delta = Tensors.mul(ab[1].matMul(ab[0]), loraScale); // (out, in)
                    NDArray updated = merge ? weights[j].add(delta) : weights[j].sub(delta);
                    weights[j].set(new ai.djl.ndarray.index.NDIndex("..."), updated);
                }
            }
        }
        merged = merge;
    }

    /** Whether the adapter is folded into the base weights. */
    boolean isMerged() {
        return merged;
    }

    private static NDArray[] projections(Layer l) {
        return new NDArray[] {l.q(), l.k(), l.v(), l.o(), l.gate(), l.up(), l.down()};
    }

    /** A projection of layer {@code layer} ({@code which} indexes LoraConfig.PROJECTIONS), adapter included. */
    private NDArray proj(int layer, int which, NDArray x, NDArray weight, NDArray bias) {
        NDArray y = linear(x, weight, bias);
        NDArray[] ab = lora == null || merged ? null : lora[layer][which];
        if (ab == null) {
            return y;
        }
        NDArray in = x;
        if (dropoutOn && loraConfig.dropout() > 0 && Autograd.isGradMode()) {
            // PEFT's lora_dropout: on the adapter's input, in a training step's passes with gradients
            long mask = Seeds.derive(dropoutSeed, dropoutDraws++);
            in = Tensors.dropout(x, loraConfig.dropout(), (int) (mask ^ (mask >>> 32)));
        }
        return y.add(mulConstant(linear(linear(in, ab[0], null), ab[1], null), loraScaleArray, loraScale));
    }

    /**
     * Starts the dropout masks of a training step: every adapter input of a forward pass with gradients on draws
     * its mask from {@code seed} and a count of the masks drawn since, so a step repeated from the same seed (a
     * resumed run) draws the same masks. Without an open step no pass drops anything.
     */
    void beginDropoutStep(long seed) {
        dropoutSeed = seed;
        dropoutDraws = 0;
        dropoutOn = true;
    }

    /** Ends the training step: passes draw no dropout until the next {@link #beginDropoutStep}. */
    void endDropoutStep() {
        dropoutOn = false;
    }

    /** Parameters by checkpoint name, in {@link ParameterLayout} order. */
    Map<String, NDArray> parameters() {
        return params;
    }

    /** Token embeddings of {@code ids} (B, T) int64. */
    NDArray embed(NDArray ids) {
        return Embedding.embedding(ids, embedTokens, SparseFormat.DENSE).get(0); // (B, T, C)
    }

    /**
     * Replaces the embeddings at image placeholders: {@code gather} (B, T) int64 indexes the rows of
     * [text (B*T, C); image (N*P, C)], identity for text positions.
     */
    static NDArray mergeImages(NDArray text, NDArray image, NDArray gather) {
        long c = text.getShape().get(2);
        NDArray rows = text.reshape(-1, c).concat(image.reshape(-1, c), 0); // (B*T + N*P, C)
        return Embedding.embedding(gather, rows, SparseFormat.DENSE).get(0); // (B, T, C)
    }

    /**
     * Runs the decoder stack and the final norm.
     *
     * @param x (B, T, C) input embeddings
     * @param positions (B, T) int64 rotary positions
     * @param bias (B, 1, 1, T, Tk) additive attention bias (0 or {@link #MASKED}), Tk = cached + T
     * @param cache appended to when not null
     * @return (B, T, C) final hidden states
     */
    NDArray decode(NDArray x, NDArray positions, NDArray bias, KvCache cache) {
        Rope.Angles angles = rope.angles(positions);
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            x = x.add(attention(i, l, rmsNorm(x, l.inNorm()), angles, bias, cache)); // (B, T, C)
            NDArray h = rmsNorm(x, l.postNorm());
            NDArray gate = proj(i, 4, h, l.gate(), null); // (B, T, I)
            NDArray act = gate.mul(Activation.sigmoid(gate)).mul(proj(i, 5, h, l.up(), null)); // SiLU(gate) * up
            x = x.add(proj(i, 6, act, l.down(), null)); // (B, T, C)
        }
        return rmsNorm(x, finalNorm);
    }

    private NDArray attention(int index, Layer l, NDArray h, Rope.Angles angles, NDArray bias, KvCache cache) {
        Shape s = h.getShape();
        long b = s.get(0);
        long t = s.get(1);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        long group = heads / kvHeads;
        NDArray q = proj(index, 0, h, l.q(), l.qb()).reshape(b, t, heads, hd).transpose(0, 2, 1, 3); // (B, H, T, hd)
        NDArray k = proj(index, 1, h, l.k(), l.kb()).reshape(b, t, kvHeads, hd).transpose(0, 2, 1, 3); // (B, KV, T, hd)
        NDArray v = proj(index, 2, h, l.v(), l.vb()).reshape(b, t, kvHeads, hd).transpose(0, 2, 1, 3); // (B, KV, T, hd)
        q = Rope.apply(q, angles);
        k = Rope.apply(k, angles);
        if (cache != null) {
            NDArray[] kv = cache.append(index, k, v);
            k = kv[0];
            v = kv[1];
        }
        long tk = k.getShape().get(2);
        // Query head h reads kv head h / group (HF repeat_kv): grouping the queries avoids copying keys.
        NDArray qg = mulConstant(q, attentionScale, 1 / Math.sqrt(hd)).reshape(b, kvHeads, group * t, hd); // (B, KV, G*T, hd)
        NDArray att = qg.matMul(k.transpose(0, 1, 3, 2)) // (B, KV, G*T, Tk)
                .reshape(b, kvHeads, group, t, tk).add(bias).softmax(4) // (B, KV, G, T, Tk)
                .reshape(b, kvHeads, group * t, tk);
        NDArray y = att.matMul(v) // (B, KV, G*T, hd)
                .reshape(b, heads, t, hd).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * hd); // (B, T, C)
        return proj(index, 3, y, l.o(), null);
    }

    /** LM-head logits of hidden states (..., C) -> (..., V). */
    NDArray logits(NDArray hidden) {
        return linear(hidden, lmHead, null);
    }

    /** Value-head outputs of hidden states (B, C) -> (B). */
    NDArray value(NDArray hidden) {
        NDArray x = hidden;
        for (int i = 0; i < valueWeights.length; i++) {
            x = linear(x, valueWeights[i], valueBiases[i]);
            if (i + 1 < valueWeights.length) {
                x = Activation.relu(x);
            }
        }
        return x.squeeze(-1); // (B)
    }

    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        // torch::linear reads the (out, in) weight transposed in place: no per-call transpose copy.
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).get(0);
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true); // (B, T, 1)
        NDArray rms = (x.getDataType() == DataType.FLOAT32 ? meanSquare.add(rmsEps)
                : Tensors.add(meanSquare, config.rmsNormEps())).sqrt();
        return x.div(rms).mul(weight);
    }

    /** Number of parameter values. */
    long parameterCount() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.size();
        }
        return n;
    }

    /** Parameter names, for error messages. */
    List<String> names() {
        return List.copyOf(params.keySet());
    }

    @Override
    public void close() {
        if (!view) {
            manager.close();
        }
    }
}
