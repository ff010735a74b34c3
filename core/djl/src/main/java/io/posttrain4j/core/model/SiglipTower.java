package io.posttrain4j.core.model;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import io.posttrain4j.core.tensor.Tensors;

/**
 * The SigLIP image encoders of SmolVLM and LLaVA-OneVision (see {@link ModelConfig.Siglip.Connector}). SmolVLM's
 * (Idefics3's), as transformers computes it for one full square image: a Conv2d patch
 * embedding (as a matrix product over (channel, row, column) patches), learned position embeddings, pre-norm
 * SigLIP blocks (biased attention without a mask, tanh-GELU MLP), a final LayerNorm, then the connector: a pixel
 * shuffle that folds each {@code s x s} block of patches into one vector of width {@code s^2 W} and a linear
 * projection without bias into the decoder's width. One image gives {@link ModelConfig#patchCount()} tokens.
 */
final class SiglipTower implements ImageEncoder {
    private final ModelConfig config;
    private final NDArray patchW;
    private final NDArray patchB;
    private final NDArray pos;
    private final Block[] blocks;
    private final NDArray postW;
    private final NDArray postB;
    private final NDArray projection;
    private final NDArray mlp1W;
    private final NDArray mlp1B;
    private final NDArray mlp2W;
    private final NDArray mlp2B;
    private final NDArray newline;
    private final boolean anyres;
    private final NDArray positionIds; // (P) int64, built once with the parameters

    private record Block(NDArray n1w, NDArray n1b, NDArray qW, NDArray qB, NDArray kW, NDArray kB, NDArray vW,
            NDArray vB, NDArray oW, NDArray oB, NDArray n2w, NDArray n2b, NDArray fc1W, NDArray fc1B, NDArray fc2W,
            NDArray fc2B) {}

    SiglipTower(ModelConfig config, Map<String, NDArray> p) {
        this.config = config;
        String v = "model.vision_model.";
        this.patchW = p.get(v + "embeddings.patch_embedding.weight");
        this.patchB = p.get(v + "embeddings.patch_embedding.bias");
        this.pos = p.get(v + "embeddings.position_embedding.weight");
        this.blocks = new Block[config.visionLayers()];
        for (int i = 0; i < blocks.length; i++) {
            String n = v + "encoder.layers." + i + ".";
            String a = n + "self_attn.";
            blocks[i] = new Block(p.get(n + "layer_norm1.weight"), p.get(n + "layer_norm1.bias"),
                    p.get(a + "q_proj.weight"), p.get(a + "q_proj.bias"), p.get(a + "k_proj.weight"),
                    p.get(a + "k_proj.bias"), p.get(a + "v_proj.weight"), p.get(a + "v_proj.bias"),
                    p.get(a + "out_proj.weight"), p.get(a + "out_proj.bias"), p.get(n + "layer_norm2.weight"),
                    p.get(n + "layer_norm2.bias"), p.get(n + "mlp.fc1.weight"), p.get(n + "mlp.fc1.bias"),
                    p.get(n + "mlp.fc2.weight"), p.get(n + "mlp.fc2.bias"));
        }
        this.postW = p.get(v + "post_layernorm.weight");
        this.postB = p.get(v + "post_layernorm.bias");
        this.projection = p.get("model.connector.modality_projection.proj.weight");
        this.mlp1W = p.get("model.multi_modal_projector.linear_1.weight");
        this.mlp1B = p.get("model.multi_modal_projector.linear_1.bias");
        this.mlp2W = p.get("model.multi_modal_projector.linear_2.weight");
        this.mlp2B = p.get("model.multi_modal_projector.linear_2.bias");
        this.newline = p.get("model.image_newline");
        this.anyres = config.siglip().connector() == ModelConfig.Siglip.Connector.ANYRES_MLP;
        int side = config.imageHeight() / config.patchSize();
        // LLaVA-OneVision's SigLIP uses plain row-major positions; SmolVLM's bucketizes (see positionIds).
        long[] ids = anyres ? java.util.stream.LongStream.range(0, (long) side * side).toArray() : positionIds(side);
        this.positionIds = Tensors.owned(pos.getManager(), ids, (long) side * side);
    }

    /**
     * Patch-grid sides at which transformers' position ids of a full image are {@code row * side + column}:
     * it derives them by bucketizing float32 fractional coordinates, which float rounding moves off the identity
     * at other sides (e.g. 19, 25, 29), in a way that depends on torch's vectorised arange. Checked against
     * transformers 5.17; they cover SmolVLM-256M/500M (32), SmolVLM-2.2B (27) and Idefics3-8B (26).
     */
    static final java.util.Set<Integer> CHECKED_SIDES = java.util.Set.of(8, 16, 24, 26, 27, 32, 48, 64);

    /**
     * The position ids of a full image's {@code side x side} patches: {@code 0 .. side^2 - 1}.
     *
     * @throws IllegalArgumentException for a side not in {@link #CHECKED_SIDES}, naming it
     */
    static long[] positionIds(int side) {
        if (!CHECKED_SIDES.contains(side)) {
            throw new IllegalArgumentException("a SigLIP patch grid of side " + side + " is not supported: "
                    + "transformers' patch position ids are checked to be row * side + column only for sides "
                    + new java.util.TreeSet<>(CHECKED_SIDES) + " (image_size / patch_size)");
        }
        long[] ids = new long[side * side];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return ids;
    }

    @Override
    public NDArray encode(NDArray pixels) {
        long n = pixels.getShape().get(0);
        int p = config.patchSize();
        long side = config.imageHeight() / p;
        long patches = side * side;
        int w = config.visionWidth();
        int heads = config.visionHeads();
        long hd = w / heads;
        long used = side * p;
        if (used != config.imageHeight()) {
            // The strided Conv2d never reads the pixels past the last whole patch (e.g. 6 of 384 at patch 14).
            pixels = pixels.get(new ai.djl.ndarray.index.NDIndex(":, :{}, :{}, :", used, used));
        }
        // (N, H, W, 3) -> patches (N, P, 3*p*p) in the Conv2d weight's (channel, row, column) order.
        NDArray x = pixels.transpose(0, 3, 1, 2).reshape(n, 3, side, p, side, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(n, patches, 3L * p * p);
        x = Network.linear(x, patchW.reshape(w, 3L * p * p), patchB); // (N, P, W)
        x = x.add(Embedding.embedding(positionIds, pos, SparseFormat.DENSE).get(0)); // learned positions (P, W)
        for (Block b : blocks) {
            NDArray h = layerNorm(x, b.n1w(), b.n1b());
            NDArray q = heads(Network.linear(h, b.qW(), b.qB()), n, patches, heads, hd);
            NDArray k = heads(Network.linear(h, b.kW(), b.kB()), n, patches, heads, hd);
            NDArray vv = heads(Network.linear(h, b.vW(), b.vB()), n, patches, heads, hd);
            NDArray att = Tensors.mul(q.matMul(k.transpose(0, 1, 3, 2)), 1 / Math.sqrt(hd)).softmax(3);
            NDArray y = att.matMul(vv).transpose(0, 2, 1, 3).reshape(n, patches, w); // (N, P, W)
            x = x.add(Network.linear(y, b.oW(), b.oB()));
            NDArray m = geluTanh(Network.linear(layerNorm(x, b.n2w(), b.n2b()), b.fc1W(), b.fc1B()));
            x = x.add(Network.linear(m, b.fc2W(), b.fc2B())); // (N, P, W)
        }
        if (anyres) {
            return anyresTokens(x, n, side); // the last block's output: LLaVA-OneVision skips the final LayerNorm
        }
        x = layerNorm(x, postW, postB);
        return Network.linear(pixelShuffle(x, n, side, w), projection, null); // (N, P/s^2, C)
    }

    /**
     * LLaVA-OneVision's tokens of one square image at the encoder's size: the projector (linear, erf-GELU, linear)
     * on the patch features, then the base image's P tokens and its one-tile grid (the same pixels, so the same
     * features), row by row, each row followed by {@code image_newline}: (N, P + side * (side + 1), C).
     */
    private NDArray anyresTokens(NDArray x, long n, long side) {
        NDArray f = Network.linear(Activation.gelu(Network.linear(x, mlp1W, mlp1B)), mlp2W, mlp2B); // (N, P, C)
        long c = f.getShape().get(2);
        NDArray rows = f.reshape(n, side, side, c); // (N, side, side, C)
        NDArray nl = newline.reshape(1, 1, 1, c).broadcast(n, side, 1, c); // (N, side, 1, C)
        NDArray grid = rows.concat(nl, 2).reshape(n, side * (side + 1), c); // (N, side*(side+1), C)
        return f.concat(grid, 1); // (N, P + side*(side+1), C)
    }

    /** transformers' {@code Idefics3Connector.pixel_shuffle}: (N, P, W) -> (N, P/s^2, W*s^2). */
    private NDArray pixelShuffle(NDArray x, long n, long side, long w) {
        long s = config.siglip().scaleFactor();
        return x.reshape(n, side, side / s, w * s).transpose(0, 2, 1, 3)
                .reshape(n, side / s, side / s, w * s * s).transpose(0, 2, 1, 3)
                .reshape(n, side * side / (s * s), w * s * s);
    }

    private static NDArray heads(NDArray x, long n, long t, int heads, long hd) {
        return x.reshape(n, t, heads, hd).transpose(0, 2, 1, 3); // (N, heads, T, hd)
    }

    /** GELU with the tanh approximation ({@code gelu_pytorch_tanh}). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Tensors.mul(x.add(Tensors.mul(x.mul(x).mul(x), 0.044715)), Math.sqrt(2 / Math.PI));
        return Tensors.mul(x, 0.5).mul(Tensors.add(inner.tanh(), 1));
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.visionWidth()), gamma, beta,
                (float) config.siglip().layerNormEps()).get(0);
    }
}
