package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import io.posttrain4j.core.image.RgbImage;
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
        NDArray x = features(pixels);
        if (anyres) {
            return anyresTokens(x, n, config.imageHeight() / config.patchSize());
        }
        x = layerNorm(x, postW, postB);
        return Network.linear(pixelShuffle(x, n, config.imageHeight() / config.patchSize(), config.visionWidth()),
                projection, null); // (N, P/s^2, C)
    }

    /**
     * LLaVA-OneVision: each image as its {@link AnyresLayout} tiles it (a base tile, then a grid of tiles cut from
     * the image fitted to the best canvas), the tiles through the encoder in one batch, then each image's tokens
     * packed ({@link #pack}); SmolVLM: as its processor prepares images ({@link SmolVlmFrames}) when the config
     * holds its settings, else the default (every image resized to the encoder's size by area averaging).
     */
    @Override
    public NDArray encodeImages(List<RgbImage> images, ModelConfig c, NDManager m) {
        if (!anyres && c.siglip().images() != null) {
            // SmolVLM's processor: each image's frames (tiles row by row, then the global image) in order
            int size = c.imageHeight();
            List<RgbImage> frames = new ArrayList<>();
            for (RgbImage image : images) {
                frames.addAll(SmolVlmFrames.of(image, c.siglip().images(), size));
            }
            NDArray tokens = encode(Tensors.owned(m, ImagePixels.of(frames, size, size), frames.size(), size, size, 3));
            return tokens.reshape(-1, tokens.getShape().get(2));
        }
        if (!anyres) {
            return ImageEncoder.super.encodeImages(images, c, m);
        }
        List<AnyresLayout> layouts = new ArrayList<>();
        List<float[]> crops = new ArrayList<>();
        for (RgbImage image : images) {
            AnyresLayout layout = c.anyresLayout(image.height(), image.width());
            layouts.add(layout);
            crops.addAll(AnyresCrops.of(image, layout, c.imageHeight()));
        }
        int size = c.imageHeight();
        float[] all = new float[crops.size() * size * size * 3];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(crops.get(i), 0, all, i * size * size * 3, size * size * 3);
        }
        return encodeCrops(Tensors.owned(m, all, crops.size(), size, size, 3), layouts);
    }

    /**
     * The tokens of images whose tiles are given: {@code pixels} (crops, S, S, 3) holds each layout's
     * {@link AnyresCrops#count} tiles in order (image 0's, then image 1's).
     *
     * @return (total tokens, C)
     */
    NDArray encodeCrops(NDArray pixels, List<AnyresLayout> layouts) {
        NDArray f = project(features(pixels)); // (crops, P, C)
        List<NDArray> parts = new ArrayList<>();
        long offset = 0;
        for (AnyresLayout layout : layouts) {
            int count = AnyresCrops.count(layout);
            NDArray mine = f.get(new NDIndex("{}:{}", offset, offset + count));
            parts.add(pack(mine, layout));
            offset += count;
        }
        if (offset != pixels.getShape().get(0)) {
            throw new IllegalArgumentException("the layouts take " + offset + " tiles but " + pixels.getShape().get(0)
                    + " were given");
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
    }

    /**
     * transformers' {@code pack_image_features} for one image: the base tile's P features, then the grid of the
     * other tiles' features placed at their positions ((rows x side) x (columns x side) cells), its padded border
     * dropped, resized bilinearly when larger than {@code anyres_max_N} tiles, each row closed by
     * {@code image_newline}.
     *
     * @param f (crops, P, C) the projector's output for this image's tiles (the base first)
     * @return (tokens, C)
     */
    private NDArray pack(NDArray f, AnyresLayout layout) {
        long c = f.getShape().get(2);
        long side = layout.side();
        NDArray base = f.get(0); // (P, C)
        NDArray grid;
        if (f.getShape().get(0) == 1) {
            grid = base.reshape(side, side, c); // a square image at the tile size: its one tile is the base
        } else {
            grid = f.get(new NDIndex("1:")).reshape(layout.gridRows(), layout.gridCols(), side, side, c)
                    .transpose(0, 2, 1, 3, 4).reshape(layout.gridRows() * side, layout.gridCols() * side, c);
        }
        grid = grid.get(new NDIndex("{}:{}, {}:{}", layout.rowStart(), layout.rowEnd(), layout.colStart(),
                layout.colEnd()));
        if (layout.interpolated()) {
            grid = bilinear(grid, layout.outRows(), layout.outCols());
        }
        long rows = layout.outRows();
        NDArray nl = newline.reshape(1, 1, c).broadcast(rows, 1, c); // (h', 1, C)
        NDArray withNewlines = grid.concat(nl, 1).reshape(rows * (layout.outCols() + 1), c);
        return base.concat(withNewlines, 0);
    }

    /**
     * torch's {@code F.interpolate(mode="bilinear", align_corners=False)} without antialiasing (DJL's interpolation
     * antialiases when shrinking), over the first two axes of (h, w, C), as two matrix products with the
     * interpolation weights, so that gradients flow as through torch's op.
     */
    static NDArray bilinear(NDArray grid, int outRows, int outCols) {
        Shape s = grid.getShape();
        int h = (int) s.get(0);
        int w = (int) s.get(1);
        long c = s.get(2);
        NDArray rows = Tensors.owned(grid.getManager(), bilinearWeights(h, outRows), outRows, h);
        NDArray cols = Tensors.owned(grid.getManager(), bilinearWeights(w, outCols), outCols, w);
        NDArray t = rows.matMul(grid.reshape(h, w * c)).reshape(outRows, w, c); // (h', w, C)
        return cols.matMul(t.transpose(1, 0, 2).reshape(w, outRows * c)) // (w', h' * C)
                .reshape(outCols, outRows, c).transpose(1, 0, 2); // (h', w', C)
    }

    /**
     * (out, in) weights of one axis: output i reads source {@code (i + 0.5) * in / out - 0.5} (at least 0), split
     * between its floor and the next index (the last index repeats at the edge), as torch's upsample_bilinear2d.
     */
    static float[] bilinearWeights(int in, int out) {
        float[] m = new float[out * in];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            int i1 = Math.min(i0 + 1, in - 1);
            float l = src - i0;
            m[i * in + i0] += 1 - l;
            m[i * in + i1] += l;
        }
        return m;
    }

    /** The patch features of the last SigLIP block, (N, P, W), for (N, H, W, 3) pixels. */
    private NDArray features(NDArray pixels) {
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
        return x; // LLaVA-OneVision reads this output; SmolVLM applies the final LayerNorm first
    }

    /** LLaVA-OneVision's projector: linear, erf-GELU, linear; (N, P, W) -> (N, P, C). */
    private NDArray project(NDArray x) {
        return Network.linear(Activation.gelu(Network.linear(x, mlp1W, mlp1B)), mlp2W, mlp2B);
    }

    /**
     * LLaVA-OneVision's tokens of square images already at the encoder's size, (N, tokens, C): each image is its
     * own base tile and, when the pinpoints hold that square, its only grid tile ({@link #pack}).
     *
     * @throws IllegalStateException when the pinpoints tile such an image into several tiles (use
     *     {@link #encodeImages}, which cuts them from the image)
     */
    private NDArray anyresTokens(NDArray x, long n, long side) {
        AnyresLayout square = config.anyresLayout(config.imageHeight(), config.imageWidth());
        if (AnyresCrops.count(square) != 1) {
            throw new IllegalStateException("the pinpoints " + config.siglip().pinpoints() + " tile a "
                    + config.imageHeight() + "-pixel square image into " + square.gridRows() + "x"
                    + square.gridCols() + " tiles; encode images with encodeImages");
        }
        NDArray f = project(x); // (N, P, C)
        NDList each = new NDList();
        for (long i = 0; i < n; i++) {
            each.add(pack(f.get(new NDIndex("{}:{}", i, i + 1)), square));
        }
        return NDArrays.stack(each, 0); // (N, P + side * (side + 1), C)
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
