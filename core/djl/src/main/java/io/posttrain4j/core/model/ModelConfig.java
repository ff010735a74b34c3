package io.posttrain4j.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The architecture of the default policy: a Llama-family text decoder, an optional ViT-style image encoder whose
 * patches become image tokens, and the value head.
 *
 * <p>The text fields mirror a Hugging Face Llama/Qwen2 {@code config.json}; {@link ModelConfigJson} reads and
 * writes that form. The vision encoder is off when {@code visionLayers == 0}; then the image fields must be 0.
 *
 * @param vocabSize token embeddings and logits
 * @param hiddenSize model width C
 * @param layers decoder blocks
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention; divides {@code heads})
 * @param intermediateSize SwiGLU inner width
 * @param rmsNormEps epsilon of every RMSNorm
 * @param ropeTheta base of the rotary frequencies
 * @param maxPositions the longest sequence (prompt + response) the model accepts
 * @param tieEmbeddings whether the LM head reuses the token embeddings (then no {@code lm_head.weight})
 * @param attentionBias whether q/k/v projections have biases (Qwen2 style)
 * @param imageHeight height every image is resized to before patching
 * @param imageWidth width every image is resized to before patching
 * @param patchSize square patch side; the patch count is the number of image tokens per image
 * @param visionLayers encoder blocks (0 = text-only model)
 * @param visionWidth encoder width
 * @param visionHeads encoder attention heads
 * @param valueHidden hidden sizes of the value head MLP (ReLU), from the decoder's width down to a scalar
 * @param ropeScaling Llama 3.1-style frequency scaling of the rotary positions, or null for plain RoPE
 * @param ropeFloat32 how the rotary tables are computed: {@code true} as transformers computes them, rounding the
 *     inverse frequencies, their scaling and every position x frequency product to float32 (models loaded from
 *     Hugging Face, whose weights were trained with those tables); {@code false} in double and rounded once, as
 *     this library's presets always have (at positions in the thousands the two differ by ~1e-4 in the logits)
 * @param siglip the image encoder is SmolVLM's (SigLIP with a pixel-shuffle connector) rather than this
 *     library's ViT, or null; then {@code visionWidth}, {@code visionLayers} and {@code visionHeads} describe the
 *     SigLIP encoder and the images are square
 */
public record ModelConfig(
        int vocabSize,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int intermediateSize,
        double rmsNormEps,
        double ropeTheta,
        int maxPositions,
        boolean tieEmbeddings,
        boolean attentionBias,
        int imageHeight,
        int imageWidth,
        int patchSize,
        int visionLayers,
        int visionWidth,
        int visionHeads,
        List<Integer> valueHidden,
        RopeScaling ropeScaling,
        boolean ropeFloat32,
        Siglip siglip) {

    /**
     * Llama 3.1 ("llama3") rotary scaling: wavelengths above {@code originalMaxPositions / lowFreqFactor} are
     * stretched by {@code factor}, those below {@code originalMaxPositions / highFreqFactor} kept, the band between
     * interpolated.
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
        public RopeScaling {
            if (!(factor >= 1) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor)
                    || originalMaxPositions <= 0) {
                throw new IllegalArgumentException("rope scaling needs factor >= 1, 0 < lowFreqFactor < "
                        + "highFreqFactor and originalMaxPositions > 0, got " + factor + ", " + lowFreqFactor + ", "
                        + highFreqFactor + ", " + originalMaxPositions);
            }
        }

        /** The scaled inverse frequency of one rotary pair. */
        public double scale(double invFreq) {
            double wavelen = 2 * Math.PI / invFreq;
            double lowWavelen = originalMaxPositions / lowFreqFactor;
            double highWavelen = originalMaxPositions / highFreqFactor;
            if (wavelen < highWavelen) {
                return invFreq;
            }
            if (wavelen > lowWavelen) {
                return invFreq / factor;
            }
            double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            return (1 - smooth) * invFreq / factor + smooth * invFreq;
        }
    }

    /**
     * A SigLIP image encoder (Conv2d patch embedding, learned positions, pre-norm blocks with biased attention and a
     * tanh-GELU MLP) and its connector into the decoder's width.
     *
     * @param intermediateSize the MLP's inner width
     * @param layerNormEps epsilon of every LayerNorm
     * @param scaleFactor {@link Connector#PIXEL_SHUFFLE}'s factor; 1 for {@link Connector#ANYRES_MLP}
     * @param connector how the encoder's patches become image tokens
     * @param pinpoints {@link Connector#ANYRES_MLP}'s canvas sizes ({@code image_grid_pinpoints}), each a multiple of
     *     the encoder's image size; empty for {@link Connector#PIXEL_SHUFFLE}
     * @param anyresMax N of {@link Connector#ANYRES_MLP}'s {@code anyres_max_N}: a grid of more than N tiles' worth
     *     of patch features is resized down; 0 for {@link Connector#PIXEL_SHUFFLE}
     * @param images {@link Connector#PIXEL_SHUFFLE}'s image processing as SmolVLM's processor does it, or null: every
     *     image resized to the encoder's square by area averaging (this library's own models)
     */
    public record Siglip(int intermediateSize, double layerNormEps, int scaleFactor, Connector connector,
            List<Pinpoint> pinpoints, int anyresMax, SmolVlmImages images) {
        /** How SigLIP's patch features become the image's tokens. */
        public enum Connector {
            /**
             * SmolVLM / Idefics3: the final LayerNorm, a pixel shuffle folding each {@code s x s} block of patches
             * into one token, a linear projection without bias: (side/patch)^2 / s^2 tokens.
             */
            PIXEL_SHUFFLE,
            /**
             * LLaVA-OneVision: the last block's output (no final LayerNorm), a two-layer GELU MLP, then per image the
             * base tile's P tokens followed by its any-res grid of tiles, row by row, each row closed by the learned
             * {@code image_newline} ({@link AnyresLayout}); a square image at the encoder's size whose pinpoints
             * include that square gives P + side * (side + 1) tokens.
             */
            ANYRES_MLP
        }

        public Siglip {
            Objects.requireNonNull(connector, "connector");
            pinpoints = List.copyOf(pinpoints);
            boolean anyres = connector == Connector.ANYRES_MLP;
            if (intermediateSize <= 0 || !(layerNormEps > 0) || scaleFactor <= 0 || anyres && scaleFactor != 1
                    || anyres != !pinpoints.isEmpty() || anyres != anyresMax > 0) {
                throw new IllegalArgumentException("SigLIP needs intermediateSize > 0, layerNormEps > 0 and "
                        + "scaleFactor > 0 (1 with ANYRES_MLP), and pinpoints and anyresMax > 0 exactly with "
                        + "ANYRES_MLP, got " + intermediateSize + ", " + layerNormEps + ", " + scaleFactor + ", "
                        + connector + ", " + pinpoints + ", " + anyresMax);
            }
            if (images != null && anyres) {
                throw new IllegalArgumentException("SmolVLM's image processing is for the PIXEL_SHUFFLE connector, "
                        + "not " + connector);
            }
        }

        /** SmolVLM's encoder, every image resized to its square by area averaging: no any-res tiling. */
        public Siglip(int intermediateSize, double layerNormEps, int scaleFactor, Connector connector) {
            this(intermediateSize, layerNormEps, scaleFactor, connector, List.of(), 0, null);
        }

        /** LLaVA-OneVision's encoder with its any-res tiling. */
        public Siglip(int intermediateSize, double layerNormEps, int scaleFactor, Connector connector,
                List<Pinpoint> pinpoints, int anyresMax) {
            this(intermediateSize, layerNormEps, scaleFactor, connector, pinpoints, anyresMax, null);
        }

        /** This encoder with SmolVLM's image processing {@code images} (null: area averaging to the square). */
        public Siglip withImages(SmolVlmImages images) {
            return new Siglip(intermediateSize, layerNormEps, scaleFactor, connector, pinpoints, anyresMax, images);
        }
    }

    /**
     * SmolVLM's (Idefics3's) image processor settings, from its {@code preprocessor_config.json}: every image is
     * resized (Pillow's Lanczos filter, aspect ratio kept, the shorter edge rounded up to even) so that its longest
     * edge is {@code longestEdge}; then, when {@code split}, resized up to whole multiples of the encoder's size and
     * cut into tiles of that size, row by row, followed by the whole image resized to one tile (the global image),
     * each through the encoder; else resized to the encoder's square.
     *
     * @param longestEdge {@code size.longest_edge}, e.g. 2048 for SmolVLM-256M/500M
     * @param split {@code do_image_splitting}
     */
    public record SmolVlmImages(int longestEdge, boolean split) {
        public SmolVlmImages {
            if (longestEdge <= 0) {
                throw new IllegalArgumentException("size.longest_edge must be positive, got " + longestEdge);
            }
        }
    }

    /**
     * A canvas size of LLaVA-OneVision's any-res tiling, in pixels.
     *
     * @param height rows
     * @param width columns
     */
    public record Pinpoint(int height, int width) {
        public Pinpoint {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("a pinpoint needs a positive height and width, got [" + height
                        + ", " + width + "]");
            }
        }
    }

    /** The preset names, the default first. */
    public static final List<String> PRESETS = List.of("small", "tiny", "base");

    public ModelConfig {
        positive("vocabSize", vocabSize);
        positive("hiddenSize", hiddenSize);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("intermediateSize", intermediateSize);
        positive("maxPositions", maxPositions);
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " must be a multiple of heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must be a multiple of kvHeads " + kvHeads);
        }
        if ((hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("head size hiddenSize/heads = " + hiddenSize / heads
                    + " must be even (rotary positions rotate pairs)");
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new IllegalArgumentException(
                    "rmsNormEps and ropeTheta must be > 0 and finite, got " + rmsNormEps + ", " + ropeTheta);
        }
        if (visionLayers < 0) {
            throw new IllegalArgumentException("visionLayers must be >= 0 (0 = text-only), got " + visionLayers);
        }
        if (visionLayers == 0) {
            if (imageHeight != 0 || imageWidth != 0 || patchSize != 0 || visionWidth != 0 || visionHeads != 0) {
                throw new IllegalArgumentException("a text-only config (visionLayers = 0) needs imageHeight, "
                        + "imageWidth, patchSize, visionWidth and visionHeads = 0, got " + imageHeight + ", "
                        + imageWidth + ", " + patchSize + ", " + visionWidth + ", " + visionHeads);
            }
        } else {
            positive("imageHeight", imageHeight);
            positive("imageWidth", imageWidth);
            positive("patchSize", patchSize);
            positive("visionWidth", visionWidth);
            positive("visionHeads", visionHeads);
            // A SigLIP encoder's strided Conv2d drops the pixels past the last whole patch (384 at patch 14: 27
            // patches from 378 pixels); this library's ViT needs whole patches.
            if (siglip == null && (imageHeight % patchSize != 0 || imageWidth % patchSize != 0)) {
                throw new IllegalArgumentException("image size " + imageHeight + "x" + imageWidth
                        + " must be a multiple of patchSize " + patchSize);
            }
            if (visionWidth % visionHeads != 0) {
                throw new IllegalArgumentException(
                        "visionWidth " + visionWidth + " must be a multiple of visionHeads " + visionHeads);
            }
        }
        if (siglip != null) {
            if (visionLayers == 0) {
                throw new IllegalArgumentException("a SigLIP image encoder needs visionLayers > 0");
            }
            int side = imageHeight / patchSize;
            if (imageHeight != imageWidth || side == 0 || side % siglip.scaleFactor() != 0) {
                throw new IllegalArgumentException("a SigLIP encoder needs square images whose patch grid ("
                        + side + ") is a multiple of the scale factor " + siglip.scaleFactor() + ", got "
                        + imageHeight + "x" + imageWidth + " with patch " + patchSize);
            }
        }
        valueHidden = List.copyOf(Objects.requireNonNull(valueHidden, "valueHidden"));
        for (int h : valueHidden) {
            positive("valueHidden entry", h);
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    /**
     * A named preset for the byte tokenizer's vocabulary (263 ids).
     *
     * <ul>
     *   <li>{@code tiny}: d=32, 2 layers, 4 heads / 2 kv heads, 16x16 images as 4 patches; for tests, a forward
     *       pass takes milliseconds.
     *   <li>{@code small}: d=128, 4 layers, 4 heads / 2 kv heads, SwiGLU 384, 64x64 images as 16 patches through a
     *       2-block ViT of width 128; learns the study's compact tasks on a 2-core CPU.
     *   <li>{@code base}: d=256, 6 layers, 8 heads / 4 kv heads, SwiGLU 704, 112x112 images as 49 patches through
     *       a 4-block ViT of width 256.
     * </ul>
     *
     * @throws IllegalArgumentException naming the unknown preset and the known ones
     */
    public static ModelConfig preset(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name) {
            case "tiny" -> new ModelConfig(263, 32, 2, 4, 2, 96, 1e-5, 10000, 512, true, false,
                    16, 16, 8, 1, 32, 2, List.of(32, 16), null, false, null);
            case "small" -> new ModelConfig(263, 128, 4, 4, 2, 384, 1e-5, 10000, 1024, true, false,
                    64, 64, 16, 2, 128, 4, List.of(256, 128), null, false, null);
            case "base" -> new ModelConfig(263, 256, 6, 8, 4, 704, 1e-5, 10000, 2048, true, false,
                    112, 112, 16, 4, 256, 4, List.of(512, 256), null, false, null);
            default -> throw new IllegalArgumentException("unknown model preset '" + name + "'; known: "
                    + String.join(", ", PRESETS));
        };
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / heads;
    }

    /** Whether the model has an image encoder. */
    public boolean hasVision() {
        return visionLayers > 0;
    }

    /** Image tokens per image: the encoder's patch count (0 for a text-only model). */
    public int patchCount() {
        if (!hasVision()) {
            return 0;
        }
        int side = imageHeight / patchSize;
        int patches = side * (imageWidth / patchSize);
        if (siglip == null) {
            return patches;
        }
        return siglip.connector() == Siglip.Connector.ANYRES_MLP ? anyresLayout(imageHeight, imageWidth).tokens()
                : patches / (siglip.scaleFactor() * siglip.scaleFactor());
    }

    /**
     * Where an image of {@code height x width} pixels goes under this model's any-res tiling.
     *
     * @throws IllegalStateException for a model without it
     */
    AnyresLayout anyresLayout(int height, int width) {
        if (siglip == null || siglip.connector() != Siglip.Connector.ANYRES_MLP) {
            throw new IllegalStateException("this model has no any-res image tiling");
        }
        return AnyresLayout.of(height, width, imageHeight, patchSize, siglip.pinpoints(), siglip.anyresMax());
    }

    /** This config with another vocabulary size (to fit a tokenizer). */
    public ModelConfig withVocabSize(int newVocabSize) {
        return new ModelConfig(newVocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, rmsNormEps,
                ropeTheta, maxPositions, tieEmbeddings, attentionBias, imageHeight, imageWidth, patchSize,
                visionLayers, visionWidth, visionHeads, valueHidden, ropeScaling, ropeFloat32, siglip);
    }

    /**
     * This config with another context length. The decoder has no learned positions (RoPE), so the weights do not
     * change; only the longest prompt + response it accepts does.
     */
    public ModelConfig withMaxPositions(int newMaxPositions) {
        return new ModelConfig(vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, rmsNormEps,
                ropeTheta, newMaxPositions, tieEmbeddings, attentionBias, imageHeight, imageWidth, patchSize,
                visionLayers, visionWidth, visionHeads, valueHidden, ropeScaling, ropeFloat32, siglip);
    }

    /** This config with the LM head tied to the token embeddings, or not. */
    public ModelConfig withTieEmbeddings(boolean tie) {
        return new ModelConfig(vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, rmsNormEps,
                ropeTheta, maxPositions, tie, attentionBias, imageHeight, imageWidth, patchSize,
                visionLayers, visionWidth, visionHeads, valueHidden, ropeScaling, ropeFloat32, siglip);
    }

    /** This config with another SigLIP encoder description (its weights' shapes must not change). */
    public ModelConfig withSiglip(Siglip newSiglip) {
        return new ModelConfig(vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, rmsNormEps,
                ropeTheta, maxPositions, tieEmbeddings, attentionBias, imageHeight, imageWidth, patchSize,
                visionLayers, visionWidth, visionHeads, valueHidden, ropeScaling, ropeFloat32, newSiglip);
    }

    /** This config with another value head. */
    public ModelConfig withValueHidden(List<Integer> sizes) {
        return new ModelConfig(vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, rmsNormEps,
                ropeTheta, maxPositions, tieEmbeddings, attentionBias, imageHeight, imageWidth, patchSize,
                visionLayers, visionWidth, visionHeads, sizes, ropeScaling, ropeFloat32, siglip);
    }
}
