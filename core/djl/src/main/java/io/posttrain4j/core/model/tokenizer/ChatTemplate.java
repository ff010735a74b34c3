package io.posttrain4j.core.model.tokenizer;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;

/**
 * Turns a conversation into tokens: {@code <bos>}, then per message its role token, its images (each as
 * {@code tokensPerImage} image placeholders), its text and {@code <eot>}; the prompt ends with the assistant
 * role token, and a response is its text followed by {@code <eot>}.
 */
public interface ChatTemplate {
    Tokenizer tokenizer();

    /** Placeholders per image at the encoder's own size (the image encoder's patch count). */
    int tokensPerImage();

    /**
     * Placeholders for this image: {@link #tokensPerImage()} for encoders that resize every image to their own
     * size; any-res encoders (LLaVA-OneVision) give a count that depends on the image's size.
     */
    default int tokensFor(RgbImage image) {
        return tokensPerImage();
    }

    EncodedPrompt encodePrompt(Observation observation);

    /** The response text's ids followed by end-of-turn. */
    int[] encodeResponse(String text);
}
