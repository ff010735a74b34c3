package io.posttrain4j.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * The time a reproduction took, summed over the invocations that worked on its output folder: a run killed and
 * resumed, or a rerun over a finished folder (which only rewrites the report), adds its own time to the total
 * instead of replacing it. Kept in {@code wall-time.json} beside the report.
 *
 * @param total seconds of every invocation, summed (parallel stage processes each add theirs)
 * @param invocations how many invocations added time
 */
record WallTime(Duration total, int invocations) {
    static final String FILE = "wall-time.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** "Wall time 11.7 min on 2 CPU cores", with "summed over n invocations" when more than one ran. */
    String sentence() {
        return String.format(Locale.ROOT, "Wall time %.1f min%s on %d CPU cores", total.toMillis() / 60000.0,
                invocations > 1 ? " summed over " + invocations + " invocations" : "",
                Runtime.getRuntime().availableProcessors());
    }

    /** The ledger of one invocation: what the folder held when it started, plus this invocation's time so far. */
    static final class Ledger {
        private final Path file;
        private final Duration before;
        private final int invocations;
        private final long start = System.nanoTime();

        private Ledger(Path file, Duration before, int invocations) {
            this.file = file;
            this.before = before;
            this.invocations = invocations;
        }

        /** Opens the ledger of {@code out} (empty when the folder has none) for a new invocation. */
        static Ledger open(Path out) throws IOException {
            Path file = out.resolve(FILE);
            if (!Files.exists(file)) {
                return new Ledger(file, Duration.ZERO, 1);
            }
            JsonNode node;
            try {
                node = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IOException(file + " is not the JSON this library writes: " + e.getMessage(), e);
            }
            if (node == null || !node.path("seconds").isNumber() || !node.path("invocations").canConvertToInt()) {
                throw new IOException(file + " needs numbers \"seconds\" and \"invocations\", got " + node);
            }
            return new Ledger(file, Duration.ofMillis(Math.round(node.get("seconds").asDouble() * 1000)),
                    node.get("invocations").asInt() + 1);
        }

        /** Writes the total so far (atomically) and returns it; called after each stage so a kill loses little. */
        WallTime record() throws IOException {
            WallTime now = new WallTime(before.plusNanos(System.nanoTime() - start), invocations);
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, String.format(Locale.ROOT, "{\"seconds\":%.3f,\"invocations\":%d}%n",
                    now.total().toMillis() / 1000.0, invocations));
            return now;
        }
    }
}
