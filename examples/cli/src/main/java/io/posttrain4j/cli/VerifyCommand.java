package io.posttrain4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;

/**
 * {@code posttrain4j verify}: audits responses with a verifier, JSON line in, JSON line out, in order, one line at
 * a time (the input is never read whole). Every output line names its input line; a line that is not UTF-8 is an
 * error for that line only, the same from a file and from standard input. Exit code 1 when any line failed to
 * read, parse or verify.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies responses given as JSON lines, one verdict line per input line.",
            "",
            "Each input line is an object with the task fields of the verifier's task type plus a \"response\" "
                    + "string, e.g. for generalpoints:",
            "  {\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":24,\"languageOnly\":true,",
            "   \"response\":\"...\"}",
            "Writes one JSON line per non-blank input line, in the same order: a verdict",
            "  {\"line\":N,\"reward\":-1.0,\"feedback\":\"...\",\"success\":false}  (--details adds \"details\")",
            "or, for a line that is not UTF-8 or JSON, lacks \"response\" or has a wrong or unknown field,",
            "  {\"line\":N,\"error\":\"...\"}",
            "N counts every line of the input from 1, blank lines (which are skipped) included.",
            "Exit code 1 if any line failed.",
            "'posttrain4j list' shows the verifiers, their task fields and modes.",
        })
public final class VerifyCommand extends CliCommand {
    @Option(names = {"--env", "--verifier"}, required = true, paramLabel = "<id>",
            description = "The verifier id (usually its environment's id).")
    private String id;

    @Option(names = "--mode", paramLabel = "<mode>", description = "The verifier mode (default: its first mode).")
    private String mode;

    @Option(names = "--in", paramLabel = "<file>",
            description = "The JSON-lines file to read (default, or '-': standard input).")
    private Path input;

    @Option(names = "--details", description = "Add the verdict's structured details to each output line.")
    private boolean details;

    @Override
    public Integer call() throws IOException {
        JsonLineVerifier<?> verifier = verifier();
        PrintWriter out = out();
        boolean anyFailed = false;
        try (InputStream stream = open()) {
            Utf8Lines lines = new Utf8Lines(stream);
            Utf8Lines.Line line;
            while ((line = lines.next()) != null) {
                if (line.text() != null && line.text().isBlank()) {
                    continue;
                }
                JsonLineVerifier.Result r = line.error() != null
                        ? JsonLineVerifier.error(line.number(), line.error())
                        : verifier.verify(line.number(), line.text());
                anyFailed |= r.failed();
                out.println(r.json());
                // Flushed per line so a pipe (e.g. a live log) sees each verdict as soon as it exists.
                out.flush();
            }
        }
        return anyFailed ? PosttrainCli.EXIT_FAILURE : 0;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private JsonLineVerifier<?> verifier() {
        VerifierProvider provider;
        String chosen;
        try {
            provider = Verifiers.discover().get(id);
            chosen = mode != null ? Verifiers.checkMode(provider, mode) : defaultMode(provider);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        try {
            return new JsonLineVerifier<>(provider, chosen, details);
        } catch (IllegalArgumentException e) {
            throw usageError("verifier " + id + ": " + e.getMessage());
        }
    }

    private static String defaultMode(VerifierProvider<?> provider) {
        if (provider.modes().isEmpty()) {
            throw new IllegalArgumentException("verifier " + provider.id() + " declares no modes");
        }
        return provider.modes().get(0);
    }

    private InputStream open() {
        if (input == null || input.toString().equals("-")) {
            InputStream stdin = in();
            return new InputStream() {
                // Standard input stays open for the caller; only this view of it is closed.
                @Override
                public int read() throws IOException {
                    return stdin.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return stdin.read(b, off, len);
                }
            };
        }
        if (Files.isDirectory(input)) {
            throw usageError("--in " + input + " is a folder; give a JSON-lines file, or '-' for standard input");
        }
        try {
            return Files.newInputStream(input);
        } catch (NoSuchFileException e) {
            throw usageError("--in " + input + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --in " + input, e);
        }
    }
}
