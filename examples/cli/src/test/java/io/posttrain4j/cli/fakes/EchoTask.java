package io.posttrain4j.cli.fakes;

import java.util.Objects;

/** The task of the {@code echo} test verifier: say {@code word}, {@code times} times, separated by spaces. */
public record EchoTask(String word, int times) {
    public EchoTask {
        Objects.requireNonNull(word, "word");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
    }

    public String expected() {
        return String.join(" ", java.util.Collections.nCopies(times, word));
    }
}
