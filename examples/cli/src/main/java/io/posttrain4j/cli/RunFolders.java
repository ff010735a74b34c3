package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.posttrain4j.core.train.RunFolder;

/**
 * The run-folder rules of the training commands ({@code --out}, {@code --resume}, {@code --overwrite}): a folder
 * that is not empty is trained into only to resume its run or after its run was deleted on request.
 */
final class RunFolders {
    private RunFolders() {}

    /**
     * Checks {@code --out} against {@code --resume} and {@code --overwrite} without writing anything.
     *
     * @param policyPath the folder the policy is read from, or null for a preset: {@code --overwrite} must not
     *     delete it
     * @throws IllegalArgumentException naming the folder, what it holds and the options that accept it
     */
    static void check(Path runDir, boolean resume, boolean overwrite, String policyPath) throws IOException {
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume and --overwrite exclude each other: --resume continues the "
                    + "run in " + runDir + ", --overwrite deletes it");
        }
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("--out " + runDir + " is a file; the run folder must be a folder");
        }
        List<String> entries = RunFolder.entries(runDir);
        if (!resume && !overwrite && !entries.isEmpty()) {
            throw new IllegalArgumentException("run folder " + runDir + " is not empty (it holds "
                    + String.join(", ", entries.subList(0, Math.min(6, entries.size())))
                    + (entries.size() > 6 ? ", ..." : "") + "); pass --resume to continue its run, --overwrite to "
                    + "delete its run and start again, or choose another --out");
        }
        if (overwrite && policyPath != null) {
            Path from = Path.of(policyPath).toAbsolutePath().normalize();
            if (from.startsWith(runDir.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--policy " + policyPath + " lies inside " + runDir
                        + ", which --overwrite would delete; copy the policy elsewhere or choose another --out");
            }
        }
    }

    /** Deletes the earlier run in {@code runDir} ({@code --overwrite}) and says what went. */
    static void clear(Path runDir, PrintWriter out) throws IOException {
        List<String> cleared = RunFolder.clear(runDir);
        if (!cleared.isEmpty()) {
            out.println("--overwrite: deleted the earlier run in " + runDir + " (" + String.join(", ", cleared) + ")");
        }
        List<String> kept = RunFolder.entries(runDir);
        if (!kept.isEmpty()) {
            out.println("--overwrite: kept " + String.join(", ", kept) + " (not written by a run)");
        }
        out.flush();
    }
}
