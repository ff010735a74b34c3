package io.posttrain4j.core.corpus;

import java.util.Objects;

import io.posttrain4j.core.env.Observation;

/**
 * One pretraining document: a question that carries no loss and an answer whose tokens carry the loss. A
 * document that is plain text (no question) is written with a short prompt naming its kind, so that every token
 * of the text is answer; a question states everything the answer depends on (a rule, the cards), so a model that
 * lowers the loss must read it.
 *
 * @param family the qualified family that wrote it, e.g. {@code generalpoints/rules}
 * @param prompt the question, in the chat form a policy reads (user turns may carry images)
 * @param answer the text to learn, non-empty
 */
public record Document(String family, Observation prompt, String answer) {
    public Document {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(answer, "answer");
        if (answer.isEmpty()) {
            throw new IllegalArgumentException("a document of " + family + " has an empty answer");
        }
    }
}
