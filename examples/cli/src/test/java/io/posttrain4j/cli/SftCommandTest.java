package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.train.TrainingCheckpoint;
import io.posttrain4j.sft.data.LlavaJson;

class SftCommandTest {
    @TempDir
    Path dir;

    @Test
    void theHelpNamesTheTrainingAndEvaluationOptions() {
        CliRun run = CliRun.run("", "sft", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--env", "--policy", "--examples", "--steps", "--batch", "--lr", "--eval-every",
                "--eval-episodes", "--out", "--resume", "--option", "--multi-turn", "--revisions", "--data", "--tokenizer");
    }

    @Test
    void expertDataIsWrittenAsLlavaJsonBeforeThePolicyIsBuilt() throws Exception {
        Path data = dir.resolve("data/echo.json");
        CliRun run = CliRun.run("", "sft", "--env", "echo", "--provider", "fake-policy", "--policy", "tiny",
                "--examples", "4", "--save-data", data.toString(), "--out", dir.resolve("run").toString());
        assertThat(run.out()).contains("wrote 4 conversations to " + data);
        assertThat(LlavaJson.read(data)).hasSize(4);
        // the fake provider builds no policy: a usage error that names the provider's own complaint
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("builds no policies");
    }

    @Test
    void badDataOptionsAreUsageErrors() {
        String out = dir.resolve("run").toString();
        assertUsageError("--tokenizer must be byte or bpe:N, got 'words'", "--examples", "2", "--tokenizer", "words",
                "--out", out);
        CliRun option = CliRun.run("", "sft", "--env", "echo", "--option", "colour=red", "--out", out);
        assertThat(option.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(option.err()).contains("colour");
        assertUsageError("microBatchSize must divide batchSize, got 4 and 6", "--examples", "2", "--batch", "6",
                "--micro-batch", "4", "--out", out);
        assertUsageError("--revisions must be a fraction in [0, 1], got 1.5", "--examples", "2", "--revisions", "1.5",
                "--out", out);
        assertUsageError("--revisions makes its own data: it does not combine with --multi-turn", "--examples", "2",
                "--revisions", "0.5", "--multi-turn", "1", "--out", out);

        CliRun missing = CliRun.run("", "sft", "--env", "echo", "--data", dir.resolve("none.json").toString(),
                "--out", out);
        assertThat(missing.exitCode()).isEqualTo(PosttrainCli.EXIT_FAILURE);
        assertThat(missing.err()).contains("none.json");
    }

    @Test
    void aRunFolderIsTrainedIntoAgainOnlyWithResumeOrOverwriteAndARefusalWritesNothing() throws IOException {
        Path run = dir.resolve("run");
        CliRun first = tinySft(run, "--steps", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("reproducibility: CPU, \\d+ libtorch threads?: bit-exact when rerun");
        Map<String, String> before = files(run);
        assertThat(before).containsKeys("metrics.jsonl", "run.json", "tokenizer/tokenizer.json",
                "checkpoints/step-000002/trainer-state.json");

        CliRun again = tinySft(run, "--steps", "3");
        assertThat(again.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(again.err()).contains("run folder " + run + " is not empty", "checkpoints", "--resume",
                "--overwrite");
        CliRun both = tinySft(run, "--resume", "--overwrite");
        assertThat(both.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(both.err()).contains("--resume and --overwrite exclude each other");
        CliRun tokenizer = tinySft(run, "--steps", "2", "--resume", "--tokenizer", "bpe:300");
        assertThat(tokenizer.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(tokenizer.err()).contains("--tokenizer bpe:300 builds BpeTokenizer", "ByteTokenizer[vocab=263]");
        CliRun preset = tinySft(run, "--steps", "2", "--resume", "--policy", "small");
        assertThat(preset.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(preset.err()).contains("policy (checkpoint djl[tiny], now djl[small])", "parameters");
        assertThat(files(run)).isEqualTo(before);

        Files.writeString(run.resolve("notes.txt"), "mine");
        CliRun overwrite = tinySft(run, "--overwrite", "--steps", "1", "--checkpoint-every", "1");
        assertThat(overwrite.exitCode()).as(overwrite.err()).isZero();
        assertThat(overwrite.out()).contains("deleted the earlier run in " + run, "kept notes.txt");
        assertThat(new TrainingCheckpoint(run.resolve("checkpoints")).complete())
                .extracting(TrainingCheckpoint::stepOf).containsExactly(1L);
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(1);
        assertThat(run.resolve("notes.txt")).hasContent("mine");

        CliRun resumed = tinySft(run, "--resume", "--steps", "1", "--checkpoint-every", "1");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("finished at step 1");
    }

    @Test
    void garbageInACheckpointsTrainerOrOptimizerStateFailsResumeNamingTheFileButNotEval() throws IOException {
        Path run = dir.resolve("run");
        CliRun first = tinySft(run, "--steps", "1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path step = run.resolve("checkpoints/step-000001");
        for (String file : List.of(TrainingCheckpoint.STATE_FILE, TrainingCheckpoint.OPTIMIZER_FILE)) {
            byte[] good = Files.readAllBytes(step.resolve(file));
            Files.write(step.resolve(file), "\u0001garbage{".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            CliRun resumed = tinySft(run, "--resume", "--steps", "1");
            assertThat(resumed.exitCode()).as(file).isEqualTo(PosttrainCli.EXIT_FAILURE);
            assertThat(resumed.err()).contains(step.resolve(file).toString());
            CliRun eval = CliRun.run("", "eval", "--policy", run.toString(), "--env", "echo", "--episodes", "2",
                    "--max-new-tokens", "2");
            assertThat(eval.exitCode()).as(eval.err()).isZero();
            Files.write(step.resolve(file), good);
        }
    }

    @Test
    void aBadPolicyIsRefusedBeforeAnythingIsWritten() {
        Path run = dir.resolve("run");
        CliRun missing = CliRun.run("", "sft", "--env", "echo", "--policy", "missing", "--examples", "2",
                "--out", run.toString());
        assertThat(missing.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(missing.err()).contains("--policy 'missing' is neither a folder nor a preset of djl");
        assertThat(run).doesNotExist();
    }

    @Test
    void badEvaluationVariantsTokenizerSizesAndVariantsOfAVariantAreUsageErrors() {
        String out = dir.resolve("run").toString();
        assertUsageError("--eval-env: unknown environment 'foo'", "--examples", "2", "--eval-env", "foo",
                "--out", out);
        assertUsageError("--tokenizer bpe:N needs N >= 263", "--examples", "2", "--tokenizer", "bpe:0", "--out", out);
        CliRun variant = CliRun.run("", "sft", "--env", "echo-image", "--variant", "nope", "--out", out);
        assertThat(variant.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(variant.err()).contains("--env echo-image is a variant of echo", "--variant nope",
                "variants: echo, echo-image");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void klFromBaseIsLoggedAtEveryEvaluationAndStartsAtZero() throws IOException {
        Path base = dir.resolve("base");
        assertThat(tinySft(base, "--steps", "2").exitCode()).isZero();
        Path run = dir.resolve("run");
        CliRun sft = tinySft(run, "--policy", base.toString(), "--steps", "4", "--eval-every", "2", "--lr", "0.05",
                "--kl-from-base", base.toString(), "--kl-prompts", "3");
        assertThat(sft.exitCode()).as(sft.err()).isZero();
        assertThat(sft.out()).contains("kl_from_base: 3 responses of " + base);
        List<Double> kl = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("kl_from_base"))
                .map(l -> Double.parseDouble(l.replaceAll(".*\"kl_from_base\":([-0-9.Ee]+).*", "$1"))).toList();
        assertThat(kl).hasSize(2); // steps 2 and 4
        assertThat(kl.get(1)).isGreaterThan(0);
        CliRun bad = tinySft(dir.resolve("bad"), "--kl-from-base", base.toString(), "--kl-prompts", "0");
        assertThat(bad.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(bad.err()).contains("--kl-prompts must be >= 1, got 0");
    }

    /** A real, seconds-long sft on the echo environment (of the tiny preset unless args name a --policy). */
    private static CliRun tinySft(Path run, String... args) {
        List<String> all = new ArrayList<>(List.of("sft", "--env", "echo", "--examples", "4", "--batch", "2",
                "--eval-episodes", "0", "--out", run.toString()));
        all.addAll(List.of(args));
        if (!all.contains("--policy")) {
            all.addAll(List.of("--policy", "tiny"));
        }
        return CliRun.run("", all.toArray(String[]::new));
    }

    /** Every file under {@code root}: relative path to content (Base64). */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(),
                        java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** {@code sft --env echo --provider fake-policy --policy tiny <args>} is a usage error saying {@code message}. */
    private static void assertUsageError(String message, String... args) {
        List<String> all = new ArrayList<>(List.of("sft", "--env", "echo", "--provider", "fake-policy", "--policy",
                "tiny"));
        all.addAll(List.of(args));
        CliRun run = CliRun.run("", all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains(message);
    }
}
