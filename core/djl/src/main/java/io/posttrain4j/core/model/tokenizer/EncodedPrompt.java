package io.posttrain4j.core.model.tokenizer;

import java.util.List;

import io.posttrain4j.core.image.RgbImage;

/**
 * A prompt as token ids, ending with the assistant header, with image placeholders expanded.
 *
 * @param ids token ids; each image occupies {@code tokensPerImage} consecutive {@code image} ids
 * @param images the images in order of appearance
 * @param imageStarts for each image, the index in {@code ids} of its first placeholder
 */
public record EncodedPrompt(int[] ids, List<RgbImage> images, int[] imageStarts) {
    public EncodedPrompt {
        images = List.copyOf(images);
        if (images.size() != imageStarts.length) {
            throw new IllegalArgumentException("images and imageStarts differ: " + images.size() + " vs " + imageStarts.length);
        }
    }
}
