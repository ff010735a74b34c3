package io.posttrain4j.sft.data;

import java.util.Objects;

import io.posttrain4j.core.env.Observation;

/**
 * One scored response: the loss covers the tokens of {@code response} (and its end-of-turn) given
 * {@code prompt}, never the prompt's own tokens.
 *
 * @param prompt the conversation so far, ending with a user turn
 * @param response the assistant answer to learn
 */
public record SftExample(Observation prompt, String response) {
    public SftExample {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(response, "response");
    }
}
