package io.posttrain4j.examples.custom;

import java.util.Map;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.Verifier;

/**
 * Judges an answer to a {@link WordTask}: +1 for the exact word; otherwise -1 with feedback that points at the
 * first problem, so that sequential revision has something to work with.
 */
public final class WordVerifier implements Verifier<WordTask> {
    @Override
    public Verdict verify(WordTask task, String response) {
        String expected = task.answer();
        String got = response.strip();
        if (got.equals(expected)) {
            return new Verdict(1.0, true, "correct", Map.of("answer", got));
        }
        String feedback;
        if (!got.matches("[a-z]*")) {
            feedback = "answer with lower-case letters only";
        } else if (got.length() != expected.length()) {
            feedback = "the answer needs " + expected.length() + " letters, got " + got.length();
        } else {
            int i = 0;
            while (got.charAt(i) == expected.charAt(i)) {
                i++;
            }
            feedback = "letter " + (i + 1) + " is wrong";
        }
        return new Verdict(-1.0, false, feedback, Map.of("answer", got));
    }
}
