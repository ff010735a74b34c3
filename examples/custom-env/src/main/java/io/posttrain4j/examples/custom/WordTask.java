package io.posttrain4j.examples.custom;

import java.util.Objects;

/**
 * One word puzzle: apply a rule to a word. A Jackson-readable record, so logged answers can be audited with
 * {@code posttrain4j verify --env wordplay}.
 *
 * @param word lower-case letters a..z
 * @param rule {@code reverse} (the letters backwards) or {@code rotate} (first letter moved to the end)
 */
public record WordTask(String word, String rule) {
    public WordTask {
        Objects.requireNonNull(word, "word");
        if (!word.matches("[a-z]{1,32}")) {
            throw new IllegalArgumentException("word must be 1 to 32 letters a..z, got '" + word + "'");
        }
        if (!rule.equals("reverse") && !rule.equals("rotate")) {
            throw new IllegalArgumentException("rule must be reverse or rotate, got '" + rule + "'");
        }
    }

    /** The correct answer. */
    public String answer() {
        return rule.equals("reverse")
                ? new StringBuilder(word).reverse().toString()
                : word.substring(1) + word.charAt(0);
    }
}
