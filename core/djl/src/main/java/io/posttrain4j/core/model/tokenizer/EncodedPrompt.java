package io.posttrain4j.core.model.tokenizer;

import java.util.List;

import io.posttrain4j.core.image.RgbImage;

/**
 * A prompt as token ids, ending with the assistant header, with image placeholders expanded.
 *
 * @param ids token ids; each image's placeholders are one run of {@code image} ids in most templates, or several
 *     runs with other tokens between them (SmolVLM's split images: row markers and newlines between the tiles)
 * @param images the images in order of appearance
 * @param imageStarts for each image, the index in {@code ids} of its first placeholder; its placeholders are the
 *     ids equal to that one from there on, as many as the image has encoder rows
 */
public record EncodedPrompt(int[] ids, List<RgbImage> images, int[] imageStarts) {
    public EncodedPrompt {
        images = List.copyOf(images);
        if (images.size() != imageStarts.length) {
            throw new IllegalArgumentException("images and imageStarts differ: " + images.size() + " vs " + imageStarts.length);
        }
    }
}
