package io.posttrain4j.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.core.io.AtomicFiles;

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
            "checkpoints", "metrics.jsonl", "run.json", "config.json", "reference", "tokenizer");

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
}
