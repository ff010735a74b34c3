package io.posttrain4j.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.model.checkpoint.Safetensors;
import io.posttrain4j.core.model.checkpoint.SafetensorsFile;

/**
 * The checkpoints of one training run, with everything needed to resume it exactly: the policy, the optimizer
 * moments and the trainer's counters. Shared by the SFT and PPO trainers.
 *
 * <p>Layout under {@link #root()} (usually {@code <run>/checkpoints}):
 * <pre>
 * step-000123/policy/                 TrainablePolicy.save
 * step-000123/optimizer.safetensors   AdamW moments (m.name, v.name), metadata "step"
 * step-000123/trainer-state.json      TrainingCheckpoint.State
 * latest                              the folder name of the newest checkpoint, one line
 * </pre>
 * A checkpoint is written into a hidden staging folder and swapped in with
 * {@link AtomicFiles#replaceDirectory}; {@code latest} is rewritten atomically afterwards. A kill at any moment
 * therefore leaves every visible {@code step-*} folder complete, and {@link #latest()} falls back to scanning
 * when the pointer is missing or names a folder that is gone. {@link #prune} renames a folder to a hidden
 * {@code .step-*.deleting} name before deleting it, and {@link #cleanUp()} (which the trainers call when a run
 * starts or resumes) removes what a kill leaves behind: temporary files, staging folders, half-deleted folders.
 *
 * <p>Randomness in the trainers derives from counters (seed, step, epoch), so no RNG object is saved. Not
 * thread-safe: one writer per run folder.
 */
public final class TrainingCheckpoint {
    /** The pointer file naming the newest checkpoint folder. */
    public static final String LATEST = "latest";
    /** The trainer state inside a checkpoint folder. */
    public static final String STATE_FILE = "trainer-state.json";
    /** The policy folder inside a checkpoint folder (loadable by a PolicyProvider as a checkpoint path). */
    public static final String POLICY_DIR = "policy";
    /** The optimizer moments inside a checkpoint folder. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";

    private static final Pattern FOLDER = Pattern.compile("step-(\\d{6,})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /** Checkpoints of a run under {@code root}; the folder is created on the first save. */
    public TrainingCheckpoint(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** The folder name of the checkpoint after optimizer step {@code step}, e.g. {@code step-000123}. */
    public static String folderName(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return String.format("step-%06d", step);
    }

    /** The folder of the checkpoint after step {@code step} (it may not exist). */
    public Path folder(long step) {
        return root.resolve(folderName(step));
    }

    /**
     * Writes a checkpoint of {@code state.step()} atomically and points {@code latest} at it; an existing
     * checkpoint of the same step is replaced.
     *
     * @param optimizer the optimizer whose moments to save; null for a trainer without one
     * @return the checkpoint folder
     */
    public Path save(TrainablePolicy policy, AdamW optimizer, State state) throws IOException {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(state, "state");
        Files.createDirectories(root);
        String name = folderName(state.step());
        Path staging = root.resolve("." + name + ".staging");
        AtomicFiles.deleteRecursively(staging);
        Files.createDirectories(staging);
        try {
            policy.save(staging.resolve(POLICY_DIR));
            if (optimizer != null) {
                AdamW.State s = optimizer.state();
                Safetensors.write(staging.resolve(OPTIMIZER_FILE), s.moments(),
                        Map.of("step", Long.toString(s.step())));
            }
            // The state file goes last: its presence marks a complete folder even where a rename is not atomic.
            AtomicFiles.writeString(staging.resolve(STATE_FILE), JSON.writeValueAsString(state));
            Path target = root.resolve(name);
            AtomicFiles.replaceDirectory(staging, target);
            AtomicFiles.writeString(root.resolve(LATEST), name + "\n");
            return target;
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(staging);
            throw e;
        }
    }

    /** The newest complete checkpoint: the one {@code latest} names, else the highest complete step folder. */
    public Optional<Path> latest() throws IOException {
        Path pointer = root.resolve(LATEST);
        if (Files.isRegularFile(pointer)) {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            Path named = root.resolve(name);
            if (FOLDER.matcher(name).matches() && isComplete(named)) {
                // A newer complete folder may exist if a kill fell between the swap and the pointer write.
                List<Path> all = complete();
                Path newest = all.isEmpty() ? named : all.get(all.size() - 1);
                return Optional.of(stepOf(newest) > stepOf(named) ? newest : named);
            }
        }
        List<Path> all = complete();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every complete checkpoint folder, oldest step first. */
    public List<Path> complete() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var list = Files.list(root)) {
            list.filter(p -> FOLDER.matcher(p.getFileName().toString()).matches())
                    .filter(TrainingCheckpoint::isComplete)
                    .forEach(out::add);
        }
        out.sort(Comparator.comparingLong(TrainingCheckpoint::stepOf));
        return out;
    }

    /** Deletes all but the newest {@code keepLast} complete checkpoints (and stale staging folders). */
    public void prune(int keepLast) throws IOException {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        }
        List<Path> all = complete();
        for (int i = 0; i < all.size() - keepLast; i++) {
            discard(all.get(i));
        }
        if (Files.isDirectory(root)) {
            try (var list = Files.list(root)) {
                for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".staging")).toList()) {
                    AtomicFiles.deleteRecursively(p);
                }
            }
        }
    }

    /**
     * Removes what a kill can leave in the checkpoint folder: temporary files ({@code .latest*.tmp}), staging
     * folders, folders that were being deleted, and {@code step-*} folders that are not complete (a deletion cut
     * short by the old pruning). A complete checkpoint that a kill left moved aside ({@code .step-N.old} with no
     * {@code step-N}) is put back. Complete checkpoints are never touched. Call it with no writer running.
     *
     * @return the names removed, sorted
     */
    public List<String> cleanUp() throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        List<Path> entries;
        try (var list = Files.list(root)) {
            entries = list.sorted().toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(".old")) {
                Path original = root.resolve(name.substring(1, name.length() - ".old".length()));
                if (FOLDER.matcher(original.getFileName().toString()).matches() && !Files.exists(original)
                        && isComplete(p)) {
                    Files.move(p, original, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    continue;
                }
            }
            boolean leftover = name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".staging")
                    || name.endsWith(".deleting") || name.endsWith(".old"));
            boolean torn = FOLDER.matcher(name).matches() && !isComplete(p);
            if (leftover || torn) {
                discard(p);
                removed.add(name);
            }
        }
        return removed;
    }

    /** Deletes a file or folder of the root so that a kill midway leaves nothing that looks like a checkpoint. */
    private void discard(Path p) throws IOException {
        String name = p.getFileName().toString();
        if (!Files.isDirectory(p) || name.endsWith(".deleting")) {
            AtomicFiles.deleteRecursively(p);
            return;
        }
        Path aside = root.resolve((name.startsWith(".") ? "" : ".") + name + ".deleting");
        AtomicFiles.deleteRecursively(aside);
        Files.move(p, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.deleteRecursively(aside);
    }

    /** Whether {@code folder} holds a finished checkpoint (its state file and policy folder exist). */
    public static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve(STATE_FILE)) && Files.isDirectory(folder.resolve(POLICY_DIR));
    }

    /** The step of a {@code step-NNNNNN} folder. */
    public static long stepOf(Path folder) {
        Matcher m = FOLDER.matcher(folder.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + folder + "' is not a checkpoint folder (step-NNNNNN)");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Reads the trainer state of a checkpoint folder.
     *
     * @throws IOException naming the file when it is missing, not a trainer state, or of another step than its
     *     folder
     */
    public static State readState(Path folder) throws IOException {
        Path file = folder.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("'" + folder + "' is not a complete checkpoint: " + STATE_FILE + " is missing");
        }
        State state;
        try {
            state = JSON.readValue(file.toFile(), State.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a readable trainer state (" + e.getOriginalMessage().lines()
                    .findFirst().orElse("") + ")", e);
        }
        if (state == null) {
            throw new IOException(file + ": not a readable trainer state (it holds no JSON object)");
        }
        Matcher m = FOLDER.matcher(folder.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) != state.step()) {
            throw new IOException(file + ": the state is of step " + state.step() + ", its folder of step "
                    + Long.parseLong(m.group(1)));
        }
        return state;
    }

    /**
     * Restores a checkpoint into a live policy and optimizer (weights copied in place, moments loaded) and
     * returns its trainer state. The trainer state and the optimizer file are read and checked (moment names,
     * shapes and values against the policy's parameters) before any weight is touched.
     *
     * @param optimizer null to skip the optimizer (e.g. evaluation only)
     * @throws IOException naming the file and what is wrong with it
     */
    public static State restore(Path folder, TrainablePolicy policy, AdamW optimizer) throws IOException {
        State state = readState(folder);
        AdamW.State moments = optimizer != null ? readOptimizer(folder, policy) : null;
        policy.loadWeights(folder.resolve(POLICY_DIR));
        if (optimizer != null) {
            optimizer.load(moments);
        }
        return state;
    }

    /** The optimizer state of a checkpoint, checked against the parameters of {@code policy}. */
    private static AdamW.State readOptimizer(Path folder, TrainablePolicy policy) throws IOException {
        Path file = folder.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint '" + folder + "' has no " + OPTIMIZER_FILE + " to resume from");
        }
        Map<String, FloatTensor> moments;
        String stepText;
        try (SafetensorsFile f = Safetensors.read(file)) {
            moments = f.readAll();
            stepText = f.metadata().get("step");
        }
        long step;
        try {
            step = Long.parseLong(String.valueOf(stepText));
        } catch (NumberFormatException e) {
            step = -1;
        }
        if (step < 0) {
            throw new IOException(file + ": metadata 'step' must be a whole number >= 0, got "
                    + (stepText == null ? "none" : "'" + stepText + "'"));
        }
        Map<String, ai.djl.ndarray.NDArray> parameters = policy.parameters();
        for (Map.Entry<String, FloatTensor> e : moments.entrySet()) {
            String key = e.getKey();
            String name = key.startsWith("m.") || key.startsWith("v.") ? key.substring(2) : null;
            if (name == null || !parameters.containsKey(name)) {
                throw new IOException(file + ": moment '" + key + "' is not m.<parameter> or v.<parameter> of a "
                        + "parameter of the policy (it has " + parameters.size() + ")");
            }
            long[] expected = parameters.get(name).getShape().getShape();
            if (!java.util.Arrays.equals(expected, e.getValue().shape())) {
                throw new IOException(file + ": moment '" + key + "' has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", the parameter has "
                        + java.util.Arrays.toString(expected));
            }
            float[] data = e.getValue().data();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    throw new IOException(file + ": moment '" + key + "' holds " + data[i] + " at element " + i
                            + "; the optimizer state is damaged");
                }
            }
        }
        return new AdamW.State(step, moments);
    }

    /**
     * What a trainer needs besides weights and moments to continue exactly, saved as {@code trainer-state.json}.
     *
     * @param kind the trainer, e.g. {@code sft} or {@code ppo}
     * @param step optimizer steps completed
     * @param epoch the data epoch the next step reads from (0-based)
     * @param position the next item within that epoch's order (SFT: examples consumed; PPO: updates done)
     * @param config the run's configuration as plain values (for checking that a resume uses the same run)
     * @param provenance where the run came from
     * @param metrics cumulative counters so far (e.g. {@code tokens}, {@code flops}, {@code skipped_steps}) and the
     *     latest evaluation; JSON values (numbers come back as Integer, Long or Double: read them as Number)
     */
    public record State(
            String kind,
            long step,
            long epoch,
            long position,
            Map<String, Object> config,
            Provenance provenance,
            Map<String, Object> metrics) {
        public State {
            Objects.requireNonNull(kind, "kind");
            if (step < 0 || epoch < 0 || position < 0) {
                throw new IllegalArgumentException(
                        "step, epoch and position must be >= 0, got " + step + ", " + epoch + ", " + position);
            }
            config = copy(config);
            metrics = copy(metrics);
        }

        /** A numeric metric as a long, or {@code fallback} when absent. */
        public long longMetric(String name, long fallback) {
            Object v = metrics.get(name);
            return v instanceof Number n ? n.longValue() : fallback;
        }

        /** A numeric metric as a double, or {@code fallback} when absent. */
        public double doubleMetric(String name, double fallback) {
            Object v = metrics.get(name);
            return v instanceof Number n ? n.doubleValue() : fallback;
        }

        private static Map<String, Object> copy(Map<String, Object> m) {
            // LinkedHashMap, not Map.copyOf: JSON values may be null, and order helps a reader of the file.
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
        }
    }
}
