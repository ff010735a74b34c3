package io.posttrain4j.core.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.tensor.Tensors;

/** An image encoder of the policy: images in, image-token embeddings in the decoder's width out. */
interface ImageEncoder {
    /**
     * Encodes images.
     *
     * @param pixels (N, H, W, 3) float in [-1, 1], already resized to the configured size
     * @return (N, P, C) image-token embeddings, P = {@link ModelConfig#patchCount()}
     */
    NDArray encode(NDArray pixels);

    /**
     * Encodes images of any size: by default each is resized to the configured size ({@link ImagePixels}) and
     * {@link #encode encoded}; encoders whose token count depends on the image (any-res tiling) override this.
     *
     * @param m the manager of the pixel arrays made here
     * @return (total tokens, C): image 0's tokens, then image 1's, ...
     */
    default NDArray encodeImages(List<RgbImage> images, ModelConfig config, NDManager m) {
        float[] px = ImagePixels.of(images, config.imageHeight(), config.imageWidth());
        NDArray pixels = Tensors.owned(m, px, images.size(), config.imageHeight(), config.imageWidth(), 3);
        NDArray tokens = encode(pixels); // (N, P, C)
        return tokens.reshape(-1, tokens.getShape().get(2));
    }
}
