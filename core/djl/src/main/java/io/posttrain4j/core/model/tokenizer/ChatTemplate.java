package io.posttrain4j.core.model.tokenizer;

import io.posttrain4j.core.env.Observation;

/**
 * Turns a conversation into tokens: {@code <bos>}, then per message its role token, its images (each as
 * {@code tokensPerImage} image placeholders), its text and {@code <eot>}; the prompt ends with the assistant
 * role token, and a response is its text followed by {@code <eot>}.
 */
public interface ChatTemplate {
    Tokenizer tokenizer();

    /** Placeholders per image (the image encoder's patch count). */
    int tokensPerImage();

    EncodedPrompt encodePrompt(Observation observation);

    /** The response text's ids followed by end-of-turn. */
    int[] encodeResponse(String text);
}
