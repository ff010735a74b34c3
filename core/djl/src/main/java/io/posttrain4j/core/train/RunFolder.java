package io.posttrain4j.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.rollout.EvalResult;

/**
 * The run folder of a training command ({@code --out}): what a run writes there, and how a previous run is
 * cleared before a new one starts in the same folder.
 *
 * <p>{@link #clear} first moves every run entry into one hidden {@code .cleared-*} folder (renames within the
 * folder, checkpoints first) and only then deletes that folder, so a kill midway never leaves a half-deleted
 * checkpoint that looks resumable; a leftover {@code .cleared-*} folder is deleted by the next {@link #clear}
 * and is not counted by {@link #entries}. Files the runs do not write are left alone.
 */
public final class RunFolder {
    /** What the SFT and PPO trainers and the CLI write into a run folder, checkpoints first. */
    public static final List<String> RUN_ENTRIES = List.of(
            "checkpoints", "metrics.jsonl", "run.json", "reference", "tokenizer",
            "config.json"); // config.json: the run file of PPO runs written by earlier versions

    private static final String TRASH = ".cleared-";

    private RunFolder() {}

    /** The names in {@code dir}, sorted (leftovers of an interrupted {@link #clear} excepted); none if missing. */
    public static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(TRASH)).sorted().toList();
        }
    }

    /** Whether {@code name} is written by a run: a run entry, or a hidden temporary or staging copy of one. */
    public static boolean isRunEntry(String name) {
        if (RUN_ENTRIES.contains(name)) {
            return true;
        }
        if (!name.startsWith(".")) {
            return false;
        }
        for (String entry : RUN_ENTRIES) {
            if (name.startsWith("." + entry)) {
                return true;
            }
        }
        return name.startsWith(TRASH);
    }

    /**
     * Deletes the previous run in {@code dir}: every {@link #isRunEntry run entry}, moved aside first, then
     * deleted. Other files stay.
     *
     * @return the names cleared, checkpoints first
     */
    public static List<String> clear(Path dir) throws IOException {
        List<String> cleared = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return cleared;
        }
        List<String> names = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(RunFolder::isRunEntry).sorted().forEach(names::add);
        }
        names.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        Path trash = dir.resolve(TRASH + System.nanoTime());
        Files.createDirectory(trash);
        for (String name : names) {
            if (name.startsWith(TRASH)) {
                AtomicFiles.deleteRecursively(dir.resolve(name));
                continue;
            }
            Files.move(dir.resolve(name), trash.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            cleared.add(name);
        }
        AtomicFiles.deleteRecursively(trash);
        return cleared;
    }

    /** The order of clearing: checkpoints, then the other run entries, then hidden leftovers. */
    private static int rank(String name) {
        int i = RUN_ENTRIES.indexOf(name);
        return i >= 0 ? i : RUN_ENTRIES.size();
    }

    /** The metrics file every trainer writes in its run folder, one JSON object per step or update. */
    public static final String METRICS_FILE = "metrics.jsonl";
    /** The run description every trainer writes in its run folder: kind, settings, provenance. */
    public static final String RUN_FILE = "run.json";
    /** The settings that may change when a run is resumed: they decide what is saved, not what is trained. */
    public static final List<String> RESUMABLE_CHANGES = List.of("checkpointEvery", "keepCheckpoints");
    /** The key of the policy's name in a saved config: shown when the run differs, never compared alone. */
    public static final String POLICY_KEY = "policy";
    /** The key of the policy's parameter count in a saved config. */
    public static final String PARAMETERS_KEY = "parameters";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Refuses to train a new run into a folder that holds an earlier run's checkpoints or metrics.
     *
     * @throws IllegalStateException naming the folder and what it holds
     */
    public static void refuseEarlierRun(Path runDir, TrainingCheckpoint checkpoints) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> complete = checkpoints.complete();
        if (!complete.isEmpty()) {
            found.add("checkpoints " + complete.stream().map(p -> p.getFileName().toString()).toList());
        }
        if (Files.exists(runDir.resolve(METRICS_FILE))) {
            found.add(METRICS_FILE);
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException("run folder " + runDir + " already holds a run (" + String.join(", ", found)
                    + "); resume it or clear the folder first");
        }
    }

    /**
     * Refuses to resume a checkpoint of another run: the kind must match, and every setting of {@code now} must
     * equal the saved one, except {@link #RESUMABLE_CHANGES}. Values compare as JSON (key order and number types
     * do not matter). The policy's name is not compared on its own (the same model may be given as a preset or as
     * a folder): its size is, and the names are shown beside the other differences.
     *
     * @param from the checkpoint folder, named in the message
     * @throws IllegalStateException naming each setting that differs, with both values
     */
    public static void checkSameRun(Path from, String kind, TrainingCheckpoint.State saved, Map<String, Object> now)
            throws IOException {
        if (!saved.kind().equals(kind)) {
            throw new IllegalStateException("cannot resume " + from + ": it is a checkpoint of a " + saved.kind()
                    + " run, not of " + kind + "; use another run folder");
        }
        Map<String, Object> current = new LinkedHashMap<>(now);
        Map<String, Object> then = new LinkedHashMap<>(saved.config());
        drop(RESUMABLE_CHANGES, current, then);
        Object thenPolicy = then.remove(POLICY_KEY);
        Object nowPolicy = current.remove(POLICY_KEY);
        if (!then.containsKey(PARAMETERS_KEY)) {
            current.remove(PARAMETERS_KEY);
        }
        List<String> differ = new ArrayList<>();
        for (String k : current.keySet()) {
            if (!tree(current.get(k)).equals(tree(then.get(k)))) {
                differ.add(k + " (checkpoint " + then.get(k) + ", now " + current.get(k) + ")");
            }
        }
        if (differ.isEmpty()) {
            return;
        }
        if (thenPolicy != null && !thenPolicy.equals(nowPolicy)) {
            differ.add(0, POLICY_KEY + " (checkpoint " + thenPolicy + ", now " + nowPolicy + ")");
        }
        throw new IllegalStateException("cannot resume " + from + ": the run differs in " + String.join(", ", differ)
                + "; only " + RESUMABLE_CHANGES + " may change on resume; use another run folder or drop --resume");
    }

    /**
     * Writes {@link #RUN_FILE} atomically: {@code {"kind": ..., "config": ..., "provenance": ...}}.
     *
     * @param config the settings that decide the run (those a checkpoint saves and a resume compares)
     */
    public static void writeRunFile(Path runDir, String kind, Map<String, Object> config, Provenance provenance)
            throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("kind", kind);
        run.put("config", config);
        run.put("provenance", provenance);
        AtomicFiles.writeString(runDir.resolve(RUN_FILE), PRETTY.writeValueAsString(run) + "\n");
    }

    /**
     * The metrics of an evaluation, flat as every trainer logs them: {@code eval/<provider>/<variant>/<metric>} and
     * its standard error {@code <metric>_se} for each episode metric, then {@code mean_reward} and
     * {@code episodes}; e.g. {@code eval/generalpoints/gp-l/success}.
     */
    public static Map<String, Object> evalMetrics(Map<String, EvalResult> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        results.values().forEach(r -> {
            String prefix = "eval/" + r.environment() + "/";
            r.metrics().forEach((name, tally) -> {
                out.put(prefix + name, tally.rate());
                out.put(prefix + name + "_se", tally.standardError());
            });
            out.put(prefix + "mean_reward", r.meanReward());
            out.put(prefix + "episodes", r.episodes());
        });
        return out;
    }

    private static void drop(Collection<String> keys, Map<String, Object> a, Map<String, Object> b) {
        a.keySet().removeAll(keys);
        b.keySet().removeAll(keys);
    }

    private static JsonNode tree(Object value) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(value));
    }
}
