package io.posttrain4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads a person's answers, possibly several lines long, from a text stream.
 *
 * <p>The rule: empty lines before an answer are skipped. An answer ends at the first empty line, or at the end
 * of a line after which every bracket ({@code ( [ {}) opened in the answer so far, outside double-quoted
 * strings, is closed again and at least one was opened: a one-line formula such as {@code (9+9-10)*3=24} or a
 * JSON object typed on one or several lines needs no empty line, while plain prose does. End of input submits
 * what was typed. A first line that reads {@code :expert}, {@code :quit} or {@code :help} is a command, not an
 * answer. Not thread-safe.
 */
final class AnswerReader {
    /** What the person typed next. */
    sealed interface Input permits Answer, Command, EndOfInput {}

    /** An answer to submit, its lines joined with {@code \n}, without the terminating empty line. */
    record Answer(String text) implements Input {
        Answer {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A command such as {@code expert} (typed {@code :expert}). */
    record Command(String name) implements Input {
        Command {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The input ended with nothing typed. */
    record EndOfInput() implements Input {}

    /** The commands a first line may hold, without the colon. */
    static final List<String> COMMANDS = List.of("expert", "quit", "help");

    private final BufferedReader reader;

    AnswerReader(BufferedReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** Reads the next answer or command. */
    Input next() {
        try {
            String line = reader.readLine();
            while (line != null && line.isBlank()) {
                line = reader.readLine();
            }
            if (line == null) {
                return new EndOfInput();
            }
            String trimmed = line.trim();
            if (trimmed.startsWith(":") && COMMANDS.contains(trimmed.substring(1))) {
                return new Command(trimmed.substring(1));
            }
            StringBuilder answer = new StringBuilder(line);
            Brackets brackets = new Brackets();
            brackets.scan(line);
            while (!brackets.complete()) {
                line = reader.readLine();
                if (line == null || line.isEmpty()) {
                    break;
                }
                answer.append('\n').append(line);
                brackets.scan(line);
            }
            return new Answer(answer.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer from standard input", e);
        }
    }

    /** Bracket depth outside double-quoted strings, carried across lines. */
    private static final class Brackets {
        private int depth;
        private boolean opened;
        private boolean unbalanced;
        private boolean inString;
        private boolean escaped;

        void scan(String line) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> inString = true;
                    case '(', '[', '{' -> {
                        depth++;
                        opened = true;
                    }
                    case ')', ']', '}' -> {
                        depth--;
                        // A closing bracket with nothing open cannot be fixed by later lines: wait for the empty line.
                        unbalanced |= depth < 0;
                    }
                    default -> { }
                }
            }
        }

        boolean complete() {
            return opened && depth == 0 && !inString && !unbalanced;
        }
    }
}
