package io.posttrain4j.core.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * Metrics as JSON lines, one object per record, each with a {@code step}. Lines are flushed as they are written
 * so that a killed run keeps what it logged; a resumed run first drops the lines past its checkpoint's step, so
 * the finished file equals that of an uninterrupted run.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final BufferedWriter out;

    private MetricsLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Starts a new log, replacing any old file. */
    public static MetricsLog create(Path file) {
        return resume(file, -1);
    }

    /**
     * Continues a log after a resume from step {@code lastStep}: keeps the records with {@code step <= lastStep}
     * (rewritten atomically) and appends after them. {@code lastStep < 0} starts empty.
     */
    public static MetricsLog resume(Path file, long lastStep) {
        try {
            List<String> kept = new ArrayList<>();
            if (lastStep >= 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (IOException torn) {
                        continue; // the last line of a killed run may be torn
                    }
                    if (node.path("step").asLong(Long.MAX_VALUE) <= lastStep) {
                        kept.add(line);
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            kept.forEach(l -> sb.append(l).append('\n'));
            AtomicFiles.writeString(file, sb.toString());
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new MetricsLog(file, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one record; {@code step} comes first. Values: numbers, strings, booleans, maps, lists. */
    public synchronized void write(long step, Map<String, ?> values) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("step", step);
        record.putAll(values);
        try {
            out.write(JSON.writeValueAsString(sanitize(record)));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file, e);
        }
    }

    /** Reads every record of a log file. */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.readValue(line, Map.class);
                records.add(m);
            }
        }
        return records;
    }

    /** JSON has no NaN or infinity: write them as strings so that the line stays valid JSON. */
    private static Object sanitize(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return d.toString();
        }
        if (v instanceof Float f && !Float.isFinite(f)) {
            return f.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(k, sanitize(x)));
            return copy;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(MetricsLog::sanitize).toList();
        }
        return v;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics log " + file, e);
        }
    }
}
