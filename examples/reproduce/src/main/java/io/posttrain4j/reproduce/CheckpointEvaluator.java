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
import io.posttrain4j.core.rollout.Episode;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.train.KlFromBase;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;

/**
 * Evaluates training checkpoints on named variants at fixed seeds, once: results are kept in a JSON-lines cache
 * beside the runs, so a killed reproduction resumes without evaluating a checkpoint twice. Beside the results, the
 * first few episodes of each variant are kept whole ({@link SampleEpisode}: the evaluation's own first episodes)
 * for {@code report.html}, and each episode's success ('1' or '0') so that arms compare hand by hand.
 */
final class CheckpointEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Environments environments;
    private final PolicyProvider provider;
    private final Map<String, String> policyOptions;
    private final Evaluator evaluator;
    private final Path cacheFile;
    private final VariantEvaluation evaluation;
    private final Evaluator sampler;
    private final Map<String, Map<String, Map<String, Tally>>> cache = new LinkedHashMap<>();
    private final Map<String, List<SampleEpisode>> samples = new LinkedHashMap<>();
    private final Map<String, Double> klFromBase = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> successBits = new LinkedHashMap<>();
    private KlSource klSource;
    private KlFromBase kl;

    /** Samples the base's responses against which the KL is measured; asked at most once, when first needed. */
    @FunctionalInterface
    interface KlSource {
        KlFromBase sample() throws IOException;
    }

    /**
     * @param samplesPerVariant episodes per variant kept whole (0: none)
     */
    CheckpointEvaluator(Environments environments, PolicyProvider provider, Map<String, String> policyOptions,
            Evaluator evaluator, Path cacheFile, VariantEvaluation evaluation, int samplesPerVariant)
            throws IOException {
        this.evaluation = evaluation;
        this.policyOptions = Map.copyOf(policyOptions);
        this.environments = environments;
        this.provider = provider;
        this.evaluator = evaluator;
        this.cacheFile = cacheFile;
        int perVariant = Math.min(samplesPerVariant, evaluator.episodes());
        this.sampler = perVariant <= 0 ? null : new Evaluator(environments, perVariant, evaluator.seed(),
                evaluator.sampling(), perVariant,
                evaluator.options());
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
                String key = relativeKey(n.get("key").asText());
                cache.put(key, byVariant);
                if (n.has("success_bits")) {
                    Map<String, String> bits = new LinkedHashMap<>();
                    n.get("success_bits").fields().forEachRemaining(b -> bits.put(b.getKey(), b.getValue().asText()));
                    successBits.put(key, bits);
                }
                if (n.has("kl_from_base")) {
                    klFromBase.put(key, n.get("kl_from_base").asDouble());
                }
                if (n.has("samples")) {
                    List<SampleEpisode> kept = new ArrayList<>();
                    n.get("samples").forEach(e -> kept.add(SampleEpisode.fromJson(e)));
                    samples.put(key, kept);
                }
            }
        }
    }

    /** Results by variant and metric for {@code checkpoint} (a complete checkpoint folder). */
    Map<String, Map<String, Tally>> evaluate(Path checkpoint, List<String> variants) throws IOException {
        String key = key(checkpoint, variants);
        Map<String, Map<String, Tally>> hit = cache.get(key);
        if (hit != null && (sampler == null || samples.containsKey(key))
                && (klSource == null || klFromBase.containsKey(key))) {
            return hit;
        }
        Map<String, Map<String, Tally>> results = new LinkedHashMap<>();
        List<SampleEpisode> kept = new ArrayList<>();
        try (Policy policy = provider.create(checkpoint.resolve(TrainingCheckpoint.POLICY_DIR).toString(), policyOptions)) {
            if (hit != null) {
                results = hit; // a cache line without samples or KL: only those are measured
            } else {
                // each episode's success is kept too: arms compare hand by hand on the same seeds
                Map<String, List<Episode>> byVariant = evaluation.episodes(policy, evaluator, variants);
                Map<String, String> bits = new LinkedHashMap<>();
                for (String v : variants) {
                    String name = environments.resolve(v).variant().name();
                    List<Episode> played = checked(byVariant.get(v), v);
                    results.put(name, EvalResult.of(environments.resolve(v).qualifiedName(), played).metrics());
                    StringBuilder b = new StringBuilder(played.size());
                    played.forEach(e -> b.append(e.success() ? '1' : '0'));
                    bits.put(name, b.toString());
                    if (sampler != null) { // the samples are the evaluation's own first episodes
                        played.subList(0, sampler.episodes()).forEach(e -> kept.add(SampleEpisode.of(name, e)));
                    }
                }
                successBits.put(key, bits);
            }
            if (klSource != null) {
                if (kl == null) {
                    kl = klSource.sample();
                }
                klFromBase.put(key, kl.estimate(TrainablePolicy.of(policy), 32));
            }
            if (sampler != null && kept.isEmpty()) { // an older cache line without samples: play them here
                for (String v : variants) {
                    String name = environments.resolve(v).variant().name();
                    sampler.episodes(policy, v).forEach(e -> kept.add(SampleEpisode.of(name, e)));
                }
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
        if (successBits.containsKey(key)) {
            line.put("success_bits", successBits.get(key));
        }
        if (klFromBase.containsKey(key)) {
            line.put("kl_from_base", klFromBase.get(key));
        }
        if (sampler != null) {
            line.put("samples", kept.stream().map(SampleEpisode::toMap).toList());
            samples.put(key, List.copyOf(kept));
        }
        Files.createDirectories(cacheFile.getParent());
        Files.writeString(cacheFile, JSON.writeValueAsString(line) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        cache.put(key, results);
        return results;
    }

    /** The episodes {@code evaluation} played on {@code variant}: all of them, in the evaluator's order. */
    private List<Episode> checked(List<Episode> played, String variant) {
        if (played == null || played.size() != evaluator.episodes()) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "the evaluation returned %s episodes for variant '%s'; expected %d",
                    played == null ? "no" : String.valueOf(played.size()), variant, evaluator.episodes()));
        }
        for (int i = 0; i < played.size(); i++) {
            if (played.get(i).index() != i) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "the evaluation returned the episodes of variant '%s' out of order: episode %d at position %d",
                        variant, played.get(i).index(), i));
            }
        }
        return played;
    }

    /**
     * Also measure each evaluated checkpoint's forward KL from the base ({@link KlFromBase#estimate}, nats per
     * response on the base's samples of training prompts), cached with the results. {@code source} is asked for
     * those samples only when a checkpoint is measured, so a run whose evaluations are all cached samples nothing.
     */
    CheckpointEvaluator measureKl(KlSource source) {
        this.klSource = source;
        return this;
    }

    /**
     * Each evaluation episode's success ('1' or '0', in episode order) by variant (empty for a checkpoint read from an
     * older cache line that has none).
     */
    Map<String, String> successBits(Path checkpoint, List<String> variants) {
        return successBits.getOrDefault(key(checkpoint, variants), Map.of());
    }

    /** The checkpoint's KL from the base measured by {@link #evaluate}, or NaN when none was measured. */
    double klFromBase(Path checkpoint, List<String> variants) {
        return klFromBase.getOrDefault(key(checkpoint, variants), Double.NaN);
    }

    /**
     * The episodes kept whole for {@code checkpoint} by {@link #evaluate}, in variant order (empty when this
     * evaluator keeps none, or before the checkpoint was evaluated).
     */
    List<SampleEpisode> samples(Path checkpoint, List<String> variants) {
        return samples.getOrDefault(key(checkpoint, variants), List.of());
    }

    /**
     * The cache key: the checkpoint's path relative to the cache's folder (so that a moved or copied output folder
     * keeps its evaluations), or absolute for a checkpoint outside it, and the variants.
     */
    private String key(Path checkpoint, List<String> variants) {
        Path c = checkpoint.toAbsolutePath().normalize();
        Path home = cacheFolder();
        String where = c.startsWith(home) ? home.relativize(c).toString().replace('\\', '/') : c.toString();
        return where + "|" + String.join(",", variants);
    }

    /** A key read from the cache; an absolute path under the cache's folder (older caches) made relative. */
    private String relativeKey(String key) {
        int bar = key.lastIndexOf('|');
        Path p = Path.of(key.substring(0, bar));
        return p.isAbsolute() ? key(p, List.of(key.substring(bar + 1).split(",", -1))) : key;
    }

    private Path cacheFolder() {
        return cacheFile.toAbsolutePath().normalize().getParent();
    }

    /** The complete checkpoints of a run folder, oldest first. */
    static List<Path> checkpoints(Path runDir) throws IOException {
        Path root = runDir.resolve("checkpoints");
        return Files.isDirectory(root) ? new TrainingCheckpoint(root).complete() : new ArrayList<>();
    }
}
