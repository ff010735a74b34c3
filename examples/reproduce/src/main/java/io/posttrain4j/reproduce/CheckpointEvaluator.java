package io.posttrain4j.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.PolicyProvider;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.train.TrainingCheckpoint;

/**
 * Evaluates training checkpoints on named variants at fixed seeds, once: results are kept in a JSON-lines cache
 * beside the runs, so a killed reproduction resumes without evaluating a checkpoint twice.
 */
final class CheckpointEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Environments environments;
    private final PolicyProvider provider;
    private final Map<String, String> policyOptions;
    private final Evaluator evaluator;
    private final Path cacheFile;
    private final VariantEvaluation evaluation;
    private final Map<String, Map<String, Map<String, Tally>>> cache = new LinkedHashMap<>();

    CheckpointEvaluator(Environments environments, PolicyProvider provider, Map<String, String> policyOptions,
            Evaluator evaluator, Path cacheFile, VariantEvaluation evaluation) throws IOException {
        this.evaluation = evaluation;
        this.policyOptions = Map.copyOf(policyOptions);
        this.environments = environments;
        this.provider = provider;
        this.evaluator = evaluator;
        this.cacheFile = cacheFile;
        if (Files.exists(cacheFile)) {
            for (String line : Files.readAllLines(cacheFile)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException torn) {
                    continue; // the last line of a killed run
                }
                Map<String, Map<String, Tally>> byVariant = new LinkedHashMap<>();
                n.get("results").fields().forEachRemaining(v -> {
                    Map<String, Tally> metrics = new LinkedHashMap<>();
                    v.getValue().fields().forEachRemaining(m -> metrics.put(m.getKey(),
                            new Tally(m.getValue().get(0).asDouble(), m.getValue().get(1).asDouble())));
                    byVariant.put(v.getKey(), metrics);
                });
                cache.put(n.get("key").asText(), byVariant);
            }
        }
    }

    /** Results by variant and metric for {@code checkpoint} (a complete checkpoint folder). */
    Map<String, Map<String, Tally>> evaluate(Path checkpoint, List<String> variants) throws IOException {
        String key = checkpoint.toAbsolutePath().normalize() + "|" + String.join(",", variants);
        Map<String, Map<String, Tally>> hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        Map<String, Map<String, Tally>> results = new LinkedHashMap<>();
        try (Policy policy = provider.create(checkpoint.resolve(TrainingCheckpoint.POLICY_DIR).toString(), policyOptions)) {
            Map<String, EvalResult> byVariant = evaluation.evaluate(policy, evaluator, variants);
            for (String v : variants) {
                results.put(environments.resolve(v).variant().name(), byVariant.get(v).metrics());
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("key", key);
        Map<String, Object> out = new LinkedHashMap<>();
        results.forEach((v, ms) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            ms.forEach((name, t) -> m.put(name, List.of(t.hits(), t.total())));
            out.put(v, m);
        });
        line.put("results", out);
        Files.createDirectories(cacheFile.getParent());
        Files.writeString(cacheFile, JSON.writeValueAsString(line) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        cache.put(key, results);
        return results;
    }

    /** The complete checkpoints of a run folder, oldest first. */
    static List<Path> checkpoints(Path runDir) throws IOException {
        Path root = runDir.resolve("checkpoints");
        return Files.isDirectory(root) ? new TrainingCheckpoint(root).complete() : new ArrayList<>();
    }
}
