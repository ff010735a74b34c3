package io.posttrain4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.train.MetricsLog;

/**
 * Compares a run's metrics file with a committed golden file, so that a refactoring of a trainer that changes
 * what it computes fails a test.
 *
 * <p>Records are compared flattened ({@code {"eval": {"a": 1}}} as {@code eval/a}) and without timings (keys
 * ending in {@code _seconds} or {@code _per_s}). Counts and texts must be equal; real numbers equal within
 * 1e-5 x max(1, |value|) (relative above 1, absolute below), since another CPU rounds the last bits of libtorch's
 * kernels differently (the PPO file's gradient norms differ by up to 1.4e-6 relative between the machine that wrote
 * it and an AMD EPYC one after three updates), while a change of what a trainer computes moves them by far more.
 * With
 * {@code -Dposttrain4j.golden.write=true} the golden file is rewritten under {@code src/test/resources} of the
 * module that runs the test: after a deliberate change of an algorithm, rewrite and review the diff.
 */
public final class GoldenMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Relative tolerance above 1, absolute below. */
    static final double TOLERANCE = 1e-5;

    private GoldenMetrics() {}

    /**
     * @param metricsFile the run's {@code metrics.jsonl}
     * @param resource the golden file on the test class path, e.g. {@code golden/ppo-tiny-metrics.jsonl}
     */
    public static void assertMatches(Path metricsFile, String resource) throws IOException {
        List<Map<String, Object>> actual = new ArrayList<>();
        for (Map<String, Object> r : MetricsLog.read(metricsFile)) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", r, flat);
            flat.keySet().removeIf(k -> k.endsWith("_seconds") || k.endsWith("_per_s"));
            actual.add(flat);
        }
        if (Boolean.getBoolean("posttrain4j.golden.write")) {
            StringBuilder out = new StringBuilder();
            for (Map<String, Object> r : actual) {
                out.append(JSON.writeValueAsString(r)).append('\n');
            }
            Path file = Path.of("src/test/resources").resolve(resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, out);
            return;
        }
        List<Map<String, Object>> expected = new ArrayList<>();
        try (InputStream in = GoldenMetrics.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("golden file %s on the test class path", resource).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                expected.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {}));
            }
        }
        assertThat(actual).as("records of %s", metricsFile).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i);
            Map<String, Object> a = actual.get(i);
            assertThat(a.keySet()).as("keys of record %d", i).containsExactlyInAnyOrderElementsOf(e.keySet());
            for (Map.Entry<String, Object> entry : e.entrySet()) {
                Object want = entry.getValue();
                Object got = a.get(entry.getKey());
                String what = "record " + i + " " + entry.getKey();
                if (want instanceof Double d && got instanceof Number g) {
                    assertThat(g.doubleValue()).as(what).isCloseTo(d, within(TOLERANCE * Math.max(1, Math.abs(d))));
                } else {
                    assertThat(got).as(what).isEqualTo(want);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> in, Map<String, Object> out) {
        in.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                flatten(prefix + k + "/", (Map<String, Object>) m, out);
            } else {
                out.put(prefix + k, v);
            }
        });
    }
}
