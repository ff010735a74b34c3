package io.posttrain4j.core.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a {@link ModelConfig}: Hugging Face names, shapes (linear weights as {@code (out, in)}), and
 * the seeded initial values.
 *
 * <p>Names: the text decoder uses the Llama names ({@code model.embed_tokens.weight},
 * {@code model.layers.0.self_attn.q_proj.weight}, ..., {@code model.norm.weight}, {@code lm_head.weight}); the
 * image encoder lives under {@code vision_tower.} (ViT: {@code patch_embed}, {@code pos_embed}, {@code layers.i}
 * with {@code norm1}, {@code attn.qkv}, {@code attn.proj}, {@code norm2}, {@code mlp.fc1}, {@code mlp.fc2}, and
 * {@code post_norm}), the projector under {@code multi_modal_projector.linear_1/2} (LLaVA), the value head under
 * {@code value_head.layers.i}.
 */
final class ParameterLayout {
    /** One parameter: its name, shape and how it starts. */
    record Spec(String name, long[] shape, Init init) {
        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Initial values: N(0, std), ones (norm scales) or zeros (biases). */
    record Init(double std, float constant) {
        static Init normal(double std) {
            return new Init(std, 0);
        }

        static final Init ONES = new Init(0, 1);
        static final Init ZEROS = new Init(0, 0);
    }

    private static final double STD = 0.02;

    private ParameterLayout() {}

    /** Every parameter of {@code c}, in a fixed order. */
    static Map<String, Spec> of(ModelConfig c) {
        Map<String, Spec> out = new LinkedHashMap<>();
        int d = c.hiddenSize();
        int kv = c.kvHeads() * c.headDim();
        // Residual-branch outputs start smaller so the residual stream's variance does not grow with depth (GPT-2).
        Init residual = Init.normal(STD / Math.sqrt(2.0 * c.layers()));
        add(out, "model.embed_tokens.weight", Init.normal(STD), c.vocabSize(), d);
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            add(out, p + "input_layernorm.weight", Init.ONES, d);
            add(out, p + "self_attn.q_proj.weight", Init.normal(STD), d, d);
            add(out, p + "self_attn.k_proj.weight", Init.normal(STD), kv, d);
            add(out, p + "self_attn.v_proj.weight", Init.normal(STD), kv, d);
            if (c.attentionBias()) {
                add(out, p + "self_attn.q_proj.bias", Init.ZEROS, d);
                add(out, p + "self_attn.k_proj.bias", Init.ZEROS, kv);
                add(out, p + "self_attn.v_proj.bias", Init.ZEROS, kv);
            }
            add(out, p + "self_attn.o_proj.weight", residual, d, d);
            add(out, p + "post_attention_layernorm.weight", Init.ONES, d);
            add(out, p + "mlp.gate_proj.weight", Init.normal(STD), c.intermediateSize(), d);
            add(out, p + "mlp.up_proj.weight", Init.normal(STD), c.intermediateSize(), d);
            add(out, p + "mlp.down_proj.weight", residual, d, c.intermediateSize());
        }
        add(out, "model.norm.weight", Init.ONES, d);
        if (!c.tieEmbeddings()) {
            add(out, "lm_head.weight", Init.normal(STD), c.vocabSize(), d);
        }
        if (c.hasVision() && c.siglip() != null) {
            siglip(out, c);
        } else if (c.hasVision()) {
            int w = c.visionWidth();
            int patchIn = c.patchSize() * c.patchSize() * 3;
            Init vResidual = Init.normal(STD / Math.sqrt(2.0 * c.visionLayers()));
            add(out, "vision_tower.patch_embed.weight", Init.normal(1 / Math.sqrt(patchIn)), w, patchIn);
            add(out, "vision_tower.patch_embed.bias", Init.ZEROS, w);
            add(out, "vision_tower.pos_embed", Init.normal(STD), c.patchCount(), w);
            for (int i = 0; i < c.visionLayers(); i++) {
                String p = "vision_tower.layers." + i + ".";
                add(out, p + "norm1.weight", Init.ONES, w);
                add(out, p + "norm1.bias", Init.ZEROS, w);
                add(out, p + "attn.qkv.weight", Init.normal(STD), 3L * w, w);
                add(out, p + "attn.qkv.bias", Init.ZEROS, 3L * w);
                add(out, p + "attn.proj.weight", vResidual, w, w);
                add(out, p + "attn.proj.bias", Init.ZEROS, w);
                add(out, p + "norm2.weight", Init.ONES, w);
                add(out, p + "norm2.bias", Init.ZEROS, w);
                add(out, p + "mlp.fc1.weight", Init.normal(STD), 4L * w, w);
                add(out, p + "mlp.fc1.bias", Init.ZEROS, 4L * w);
                add(out, p + "mlp.fc2.weight", vResidual, w, 4L * w);
                add(out, p + "mlp.fc2.bias", Init.ZEROS, w);
            }
            add(out, "vision_tower.post_norm.weight", Init.ONES, w);
            add(out, "vision_tower.post_norm.bias", Init.ZEROS, w);
            add(out, "multi_modal_projector.linear_1.weight", Init.normal(STD), d, w);
            add(out, "multi_modal_projector.linear_1.bias", Init.ZEROS, d);
            add(out, "multi_modal_projector.linear_2.weight", Init.normal(STD), d, d);
            add(out, "multi_modal_projector.linear_2.bias", Init.ZEROS, d);
        }
        int in = d;
        int k = 0;
        for (int h : c.valueHidden()) {
            // He initialisation keeps ReLU activations at unit scale.
            add(out, "value_head.layers." + k + ".weight", Init.normal(Math.sqrt(2.0 / in)), h, in);
            add(out, "value_head.layers." + k + ".bias", Init.ZEROS, h);
            in = h;
            k++;
        }
        add(out, "value_head.layers." + k + ".weight", Init.normal(STD), 1, in);
        add(out, "value_head.layers." + k + ".bias", Init.ZEROS, 1);
        return out;
    }

    /**
     * A SigLIP encoder and its connector: SmolVLM's under transformers' names, LLaVA-OneVision's under the same
     * encoder names ({@code model.vision_model.}) with {@code model.multi_modal_projector.} and
     * {@code model.image_newline} (how a folder stores them: {@link PolicyCheckpoint#storedCandidates}).
     */
    private static void siglip(Map<String, Spec> out, ModelConfig c) {
        int w = c.visionWidth();
        int p = c.patchSize();
        int inner = c.siglip().intermediateSize();
        int s = c.siglip().scaleFactor();
        int positions = (c.imageHeight() / p) * (c.imageWidth() / p);
        String v = "model.vision_model.";
        add(out, v + "embeddings.patch_embedding.weight", Init.normal(1 / Math.sqrt(3.0 * p * p)), w, 3, p, p);
        add(out, v + "embeddings.patch_embedding.bias", Init.ZEROS, w);
        add(out, v + "embeddings.position_embedding.weight", Init.normal(STD), positions, w);
        for (int i = 0; i < c.visionLayers(); i++) {
            String n = v + "encoder.layers." + i + ".";
            add(out, n + "layer_norm1.weight", Init.ONES, w);
            add(out, n + "layer_norm1.bias", Init.ZEROS, w);
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                add(out, n + "self_attn." + proj + ".weight", Init.normal(STD), w, w);
                add(out, n + "self_attn." + proj + ".bias", Init.ZEROS, w);
            }
            add(out, n + "layer_norm2.weight", Init.ONES, w);
            add(out, n + "layer_norm2.bias", Init.ZEROS, w);
            add(out, n + "mlp.fc1.weight", Init.normal(STD), inner, w);
            add(out, n + "mlp.fc1.bias", Init.ZEROS, inner);
            add(out, n + "mlp.fc2.weight", Init.normal(STD), w, inner);
            add(out, n + "mlp.fc2.bias", Init.ZEROS, w);
        }
        if (c.siglip().connector() == ModelConfig.Siglip.Connector.ANYRES_MLP) {
            int d = c.hiddenSize();
            add(out, "model.multi_modal_projector.linear_1.weight", Init.normal(STD), d, w);
            add(out, "model.multi_modal_projector.linear_1.bias", Init.ZEROS, d);
            add(out, "model.multi_modal_projector.linear_2.weight", Init.normal(STD), d, d);
            add(out, "model.multi_modal_projector.linear_2.bias", Init.ZEROS, d);
            add(out, "model.image_newline", Init.normal(STD), d);
            return;
        }
        add(out, v + "post_layernorm.weight", Init.ONES, w);
        add(out, v + "post_layernorm.bias", Init.ZEROS, w);
        add(out, "model.connector.modality_projection.proj.weight", Init.normal(STD), c.hiddenSize(),
                (long) w * s * s);
    }

    /**
     * Whether {@code name} comes from a Hugging Face checkpoint (the decoder, and SmolVLM's encoder and connector);
     * only the value head does not.
     */
    static boolean fromCheckpoint(String name) {
        return !name.startsWith("value_head.");
    }

    private static void add(Map<String, Spec> out, String name, Init init, long... shape) {
        out.put(name, new Spec(name, shape, init));
    }

    /**
     * The initial values of {@code spec} for {@code seed}: each parameter draws from its own stream derived from
     * the seed and its name, so equal seeds give equal weights on any machine and adding a parameter changes no
     * other.
     */
    static float[] initialValues(Spec spec, long seed) {
        long n = spec.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + spec.name() + " of shape "
                    + Arrays.toString(spec.shape()) + " is too large for one Java array");
        }
        float[] v = new float[(int) n];
        if (spec.init().std() == 0) {
            Arrays.fill(v, spec.init().constant());
            return v;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ fnv1a64(spec.name()));
        double std = spec.init().std();
        for (int i = 0; i < v.length; i += 2) {
            // Box-Muller: two normals from two uniforms, portable and exact across JVMs (StrictMath).
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * std;
            v[i] = (float) (r * StrictMath.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) {
                v[i + 1] = (float) (r * StrictMath.sin(2 * Math.PI * u2));
            }
        }
        return v;
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
