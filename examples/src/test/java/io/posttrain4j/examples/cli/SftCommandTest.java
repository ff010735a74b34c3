package io.posttrain4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
