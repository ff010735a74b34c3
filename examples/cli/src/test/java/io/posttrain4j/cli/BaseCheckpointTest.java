package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.reproduce.ReproductionPlan;

/**
 * The base checkpoints that the repository carries (examples/reproduce/bases/gp-small and virl-small; gp-small-long
 * continues gp-small, gp-vl-small continues gp-small-long, virl-vl-small continues virl-small) are what their
 * documented {@code pretrain} commands make:
 * their files have the recorded SHA-256 sums, and a command, run again, takes the recorded first steps (the same
 * documents and schedule; loss and gradient norm bit-equal on the machine that made it at the recorded libtorch
 * thread count, within 1e-4 relative elsewhere).
 */
class BaseCheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theCarriedBaseHasItsRecordedChecksums() throws IOException {
        assertChecksums(base());
    }

    /** Every file that {@code provenance.json} lists has its recorded SHA-256; the weights are among them. */
    private static void assertChecksums(Path base) throws IOException {
        JsonNode provenance = JSON.readTree(base.resolve("provenance.json").toFile());
        List<String> files = new ArrayList<>();
        for (var it = provenance.get("sha256").fields(); it.hasNext(); ) {
            var e = it.next();
            files.add(e.getKey());
            assertThat(sha256(base.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue().asText());
        }
        assertThat(files).contains("model.safetensors", "config.json", "tokenizer.json");
        assertThat(Files.size(base.resolve("model.safetensors"))).isLessThan(25L << 20);
    }

    @Test
    void itsDocumentedCommandTakesTheRecordedFirstStepsExactly() throws IOException {
        JsonNode provenance = JSON.readTree(base().resolve("provenance.json").toFile());
        List<String> args = words(provenance.get("command"));
        assertThat(args.get(0)).isEqualTo("pretrain");
        Path run = dir.resolve("run");
        args.addAll(List.of("--out", run.toString()));
        assertTakesFirstSteps(args, provenance.get("firstSteps"), run);
    }

    /** Runs {@code args} for as many steps as {@code first} holds and compares them (see the class comment). */
    private static void assertTakesFirstSteps(List<String> args, JsonNode first, Path run) throws IOException {
        args = new ArrayList<>(args);
        args.addAll(List.of("--stop-after", Integer.toString(first.size()), "--probe", "none"));
        CliRun r = CliRun.run("", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.has("loss")) {
                steps.add(n);
            }
        }
        assertThat(steps).hasSize(first.size());
        for (int i = 0; i < first.size(); i++) {
            // The documents (tokens), the schedule and the step are exact anywhere. Loss and gradient norm were
            // bit-equal on the machine that made the base (1 thread); another CPU may round libtorch's kernels
            // differently, so they are held to 1e-4 relative: any change of data, model or initialisation moves
            // them by far more.
            for (String key : List.of("step", "tokens", "lr")) {
                assertThat(steps.get(i).get(key).asText()).as("step %d %s", i + 1, key)
                        .isEqualTo(first.get(i).get(key).asText());
            }
            for (String key : List.of("loss", "grad_norm")) {
                double want = first.get(i).get(key).asDouble();
                assertThat(steps.get(i).get(key).asDouble()).as("step %d %s", i + 1, key)
                        .isCloseTo(want, within(1e-4 * Math.abs(want)));
            }
        }
    }

    @Test
    void theLongerPretrainedBaseHasItsChecksumsAndContinuesTheCarriedBaseByItsDocumentedCommands() throws IOException {
        Path base = base("gp-small-long");
        assertThat(ReproduceCommand.folderAbove(ReproductionPlan.CARRIED_BASES.get("gp-l"))).isEqualTo(base);
        assertChecksums(base);
        JsonNode provenance = JSON.readTree(base.resolve("provenance.json").toFile());
        // A chain of pretrain commands: the first continues gp-small, each next one the previous one's output, and
        // the files are the last one's final checkpoint.
        String from = "examples/reproduce/bases/gp-small";
        int steps = 2500;
        for (JsonNode link : provenance.get("chain")) {
            List<String> args = words(link.get("command"));
            assertThat(args.get(0)).isEqualTo("pretrain");
            assertThat(args.get(args.indexOf("--policy") + 1)).isEqualTo(from);
            assertThat(args.get(args.indexOf("--out") + 1)).isEqualTo(link.get("out").asText());
            from = link.get("out").asText();
            steps += Integer.parseInt(args.get(args.indexOf("--steps") + 1));
        }
        assertThat(provenance.get("checkpoint").asText()).startsWith(from + "/checkpoints/");
        assertThat(provenance.get("pretrainingSteps").asInt()).isEqualTo(steps);
    }

    @Test
    void theLongerPretrainedBasesFirstCommandTakesItsRecordedFirstStepsFromTheCarriedBase() throws IOException {
        JsonNode provenance = JSON.readTree(base("gp-small-long").resolve("provenance.json").toFile());
        List<String> args = words(provenance.get("chain").get(0).get("command"));
        // The command names the base by its path from the repository root; run it from wherever the test runs.
        args.set(args.indexOf("--policy") + 1, base().toString());
        args.set(args.indexOf("--out") + 1, dir.resolve("run").toString());
        assertTakesFirstSteps(args, provenance.get("firstStepsOfFirstLink"), dir.resolve("run"));
    }

    @Test
    void theImageBaseHasItsChecksumsAndItsDocumentedCommandContinuesTheLongerBaseWithTheRecordedFirstSteps()
            throws IOException {
        assertContinues("gp-vl-small", "gp-vl", "gp-small-long",
                JSON.readTree(base("gp-small-long").resolve("provenance.json").toFile()).get("pretrainingSteps").asInt(),
                "generalpoints/task-images=");
    }

    @Test
    void theVirlBaseHasItsChecksumsAndItsDocumentedCommandTakesTheRecordedFirstSteps() throws IOException {
        Path base = base("virl-small");
        assertThat(ReproduceCommand.folderAbove(io.posttrain4j.reproduce.ReproductionPlan.CARRIED_BASES.get("virl-l")))
                .isEqualTo(base);
        assertChecksums(base);
        JsonNode provenance = JSON.readTree(base.resolve("provenance.json").toFile());
        List<String> args = words(provenance.get("command"));
        assertThat(args.get(0)).isEqualTo("pretrain");
        assertThat(args.get(args.indexOf("--policy") + 1)).isEqualTo("small"); // from random weights
        for (int i = args.indexOf("--probe"); i >= 0; i = args.indexOf("--probe")) {
            args.subList(i, i + 2).clear(); // its probes run at the end; the first steps are checked without them
        }
        Path run = dir.resolve("virl");
        args.addAll(List.of("--out", run.toString()));
        assertTakesFirstSteps(args, provenance.get("firstSteps"), run);
    }

    @Test
    void theStreetViewBaseHasItsChecksumsAndItsDocumentedCommandContinuesTheVirlBaseWithTheRecordedFirstSteps()
            throws IOException {
        // virl-small took 1000 steps from random weights (its command, checked above)
        assertContinues("virl-vl-small", "virl-vl", "virl-small", 1000, "virl/navigation-images=", "virl/views=");
    }

    /**
     * The carried base {@code name} is the reproduction's base of {@code task}, has its checksums, and its recorded
     * command continues the base {@code from} (which took {@code fromSteps} pretraining steps) on a corpus that holds
     * {@code families}, and takes the recorded first steps from it (probes left out: they run at the end).
     */
    private void assertContinues(String name, String task, String from, int fromSteps, String... families)
            throws IOException {
        Path base = base(name);
        assertThat(ReproduceCommand.folderAbove(ReproductionPlan.CARRIED_BASES.get(task))).isEqualTo(base);
        assertChecksums(base);
        JsonNode provenance = JSON.readTree(base.resolve("provenance.json").toFile());
        List<String> args = words(provenance.get("command"));
        assertThat(args.get(0)).isEqualTo("pretrain");
        String fromPath = "examples/reproduce/bases/" + from;
        assertThat(provenance.get("continues").asText()).isEqualTo(fromPath);
        assertThat(args.get(args.indexOf("--policy") + 1)).isEqualTo(fromPath);
        assertThat(args.get(args.indexOf("--corpus") + 1)).contains(families);
        assertThat(args.get(args.indexOf("--out") + 1)).isEqualTo(provenance.get("out").asText());
        assertThat(provenance.get("checkpoint").asText()).startsWith(provenance.get("out").asText() + "/checkpoints/");
        assertThat(provenance.get("pretrainingSteps").asInt())
                .isEqualTo(fromSteps + Integer.parseInt(args.get(args.indexOf("--steps") + 1)));
        for (int i = args.indexOf("--probe"); i >= 0; i = args.indexOf("--probe")) {
            args.subList(i, i + 2).clear();
        }
        args.set(args.indexOf("--policy") + 1, base(from).toString());
        args.set(args.indexOf("--out") + 1, dir.resolve(name).toString());
        assertTakesFirstSteps(args, provenance.get("firstSteps"), dir.resolve(name));
    }

    /** A recorded command as a mutable list of its words. */
    private static List<String> words(JsonNode command) {
        List<String> args = new ArrayList<>();
        command.forEach(a -> args.add(a.asText()));
        return args;
    }

    private static Path base() {
        return base("gp-small");
    }

    private static Path base(String name) {
        Path base = ReproduceCommand.folderAbove("examples/reproduce/bases/" + name);
        if (base == null) {
            throw new IllegalStateException("no examples/reproduce/bases/" + name + " above "
                    + Path.of("").toAbsolutePath());
        }
        return base;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
