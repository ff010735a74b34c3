package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDScope;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.train.NoGrad;

/** What the parity tests against transformers and PEFT share: the fixtures, goldens and comparisons. */
final class Parity {
    /** fp32 on the same CPU: transformers' kernels against this library's. */
    static final double TOLERANCE = 1e-4;

    static final ObjectMapper JSON = new ObjectMapper();

    private Parity() {}

    /** The fixture folder {@code hf/<name>} (it holds a goldens.json or a config.json). */
    static Path fixture(String name) throws URISyntaxException {
        var url = Parity.class.getResource("hf/" + name + "/goldens.json");
        if (url == null) {
            url = Parity.class.getResource("hf/" + name + "/config.json");
        }
        return Path.of(Objects.requireNonNull(url, "fixture " + name).toURI()).getParent();
    }

    static JsonNode goldens(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("goldens.json").toFile());
    }

    /** Logits (B, T, V) of every column of {@code sb}, no gradient recorded. */
    static float[] logits(Network net, SequenceBatch sb) {
        try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
            return net.logits(Forward.hidden(net, sb, net.manager, null)).toFloatArray(); // (B, T, V)
        }
    }

    /**
     * {@code actual[offset ...]} equals {@code expected} within {@link #TOLERANCE}; with the environment variable
     * {@code POSTTRAIN4J_PARITY_PRINT} set, the largest difference is printed.
     */
    static void assertClose(float[] actual, int offset, JsonNode expected, String where) {
        double worst = 0;
        for (int i = 0; i < expected.size(); i++) {
            worst = Math.max(worst, Math.abs(actual[offset + i] - expected.get(i).asDouble()));
        }
        if (System.getenv("POSTTRAIN4J_PARITY_PRINT") != null) {
            System.out.printf("%s: max |diff| %.2e%n", where, worst);
        }
        assertThat(worst).as(where + ": max |diff|").isLessThanOrEqualTo(TOLERANCE);
    }

    static int firstIndexOf(int[] a, int value) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Golden greedy tokens up to and including the first end-of-turn, where generation stops. */
    static int[] untilEndOfTurn(int[] tokens, int endOfTurn) {
        int stop = firstIndexOf(tokens, endOfTurn);
        return stop < 0 ? tokens : java.util.Arrays.copyOf(tokens, stop + 1);
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    /** The numbers of a list of rows, row after row. */
    static long[] flat(JsonNode rows) {
        List<Long> out = new ArrayList<>();
        rows.forEach(row -> row.forEach(x -> out.add(x.asLong())));
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static EncodedPrompt prompt(int[] ids) {
        return new EncodedPrompt(ids, List.of(), new int[0]);
    }

    /** Copies the files of {@code from} into {@code to} (created), to alter a fixture in a temporary folder. */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
