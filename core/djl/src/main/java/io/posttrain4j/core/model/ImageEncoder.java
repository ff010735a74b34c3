package io.posttrain4j.core.model;

import ai.djl.ndarray.NDArray;

/** An image encoder of the policy: images in, image-token embeddings in the decoder's width out. */
interface ImageEncoder {
    /**
     * Encodes images.
     *
     * @param pixels (N, H, W, 3) float in [-1, 1], already resized to the configured size
     * @return (N, P, C) image-token embeddings, P = {@link ModelConfig#patchCount()}
     */
    NDArray encode(NDArray pixels);
}
