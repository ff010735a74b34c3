package io.posttrain4j.core.model;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import io.posttrain4j.core.tensor.Tensors;

/**
 * The image encoder: a ViT (patchify by reshape/transpose, linear patch embedding, learned positions, pre-norm
 * bidirectional blocks with GELU MLPs, a final LayerNorm) and the LLaVA-style two-layer GELU projector into the
 * decoder's width. One image gives {@link ModelConfig#patchCount()} image tokens.
 */
final class VisionTower implements ImageEncoder {
    private static final float LN_EPS = 1e-6f;

    private final ModelConfig config;
    private final NDArray patchW;
    private final NDArray patchB;
    private final NDArray pos;
    private final Block[] blocks;
    private final NDArray postW;
    private final NDArray postB;
    private final NDArray proj1W;
    private final NDArray proj1B;
    private final NDArray proj2W;
    private final NDArray proj2B;

    private record Block(NDArray n1w, NDArray n1b, NDArray qkvW, NDArray qkvB, NDArray projW, NDArray projB,
            NDArray n2w, NDArray n2b, NDArray fc1W, NDArray fc1B, NDArray fc2W, NDArray fc2B) {}

    VisionTower(ModelConfig config, Map<String, NDArray> p) {
        this.config = config;
        this.patchW = p.get("vision_tower.patch_embed.weight");
        this.patchB = p.get("vision_tower.patch_embed.bias");
        this.pos = p.get("vision_tower.pos_embed");
        this.blocks = new Block[config.visionLayers()];
        for (int i = 0; i < blocks.length; i++) {
            String n = "vision_tower.layers." + i + ".";
            blocks[i] = new Block(p.get(n + "norm1.weight"), p.get(n + "norm1.bias"), p.get(n + "attn.qkv.weight"),
                    p.get(n + "attn.qkv.bias"), p.get(n + "attn.proj.weight"), p.get(n + "attn.proj.bias"),
                    p.get(n + "norm2.weight"), p.get(n + "norm2.bias"), p.get(n + "mlp.fc1.weight"),
                    p.get(n + "mlp.fc1.bias"), p.get(n + "mlp.fc2.weight"), p.get(n + "mlp.fc2.bias"));
        }
        this.postW = p.get("vision_tower.post_norm.weight");
        this.postB = p.get("vision_tower.post_norm.bias");
        this.proj1W = p.get("multi_modal_projector.linear_1.weight");
        this.proj1B = p.get("multi_modal_projector.linear_1.bias");
        this.proj2W = p.get("multi_modal_projector.linear_2.weight");
        this.proj2B = p.get("multi_modal_projector.linear_2.bias");
    }

    /**
     * Encodes images.
     *
     * @param pixels (N, H, W, 3) float in [-1, 1], already resized to the configured size
     * @return (N, P, C) image-token embeddings in the decoder's width
     */
    @Override
    public NDArray encode(NDArray pixels) {
        long n = pixels.getShape().get(0);
        int p = config.patchSize();
        long gh = config.imageHeight() / p;
        long gw = config.imageWidth() / p;
        long patches = gh * gw;
        int w = config.visionWidth();
        int heads = config.visionHeads();
        long hd = w / heads;
        NDArray x = pixels.reshape(n, gh, p, gw, p, 3).transpose(0, 1, 3, 2, 4, 5)
                .reshape(n, patches, (long) p * p * 3); // (N, P, p*p*3)
        x = Network.linear(x, patchW, patchB).add(pos); // (N, P, W)
        for (Block b : blocks) {
            NDArray h = layerNorm(x, b.n1w(), b.n1b());
            NDList qkv = Network.linear(h, b.qkvW(), b.qkvB()).reshape(n, patches, 3, heads, hd)
                    .transpose(2, 0, 3, 1, 4).split(3, 0); // 3 x (1, N, heads, P, hd)
            NDArray q = Tensors.mul(qkv.get(0).squeeze(0), 1 / Math.sqrt(hd)); // (N, heads, P, hd)
            NDArray k = qkv.get(1).squeeze(0); // (N, heads, P, hd)
            NDArray v = qkv.get(2).squeeze(0); // (N, heads, P, hd)
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).softmax(3); // (N, heads, P, P)
            NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(n, patches, w); // (N, P, W)
            x = x.add(Network.linear(y, b.projW(), b.projB()));
            NDArray m = Activation.gelu(Network.linear(layerNorm(x, b.n2w(), b.n2b()), b.fc1W(), b.fc1B()));
            x = x.add(Network.linear(m, b.fc2W(), b.fc2B())); // (N, P, W)
        }
        x = layerNorm(x, postW, postB);
        NDArray h = Activation.gelu(Network.linear(x, proj1W, proj1B)); // (N, P, C)
        return Network.linear(h, proj2W, proj2B); // (N, P, C)
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.visionWidth()), gamma, beta, LN_EPS).get(0);
    }
}
