package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.train.TrainingCheckpoint;

class PpoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theHelpNamesTheRunAndAlgorithmOptions() {
        CliRun run = CliRun.run("", "ppo", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--env", "--policy", "--preset", "--algorithm", "--updates", "--transitions",
                "--verify-steps", "--out", "--resume", "--option", "--kl-coef", "--kl-placement", "--group-size",
                "--target-kl", "--ent-coef", "--truncation-bootstrap");
    }

    @Test
    void klFromBaseIsLoggedWithEveryEvaluation() throws Exception {
        Path run = dir.resolve("run");
        CliRun ppo = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--updates", "2", "--transitions", "8",
                "--num-envs", "4", "--eval-every", "1", "--eval-episodes", "4", "--kl-from-base", "tiny",
                "--kl-prompts", "4", "--out", run.toString());
        assertThat(ppo.exitCode()).as(ppo.err()).isZero();
        assertThat(ppo.out()).contains("kl_from_base: 4 responses of tiny");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl")))
                .filteredOn(l -> l.contains("\"kl_from_base\":")).hasSize(3); // before training, updates 1 and 2
    }

    @Test
    void aComputeBudgetEndsTheRunEarlyAndSaysSo() throws Exception {
        Path run = dir.resolve("budget");
        // a budget of 1e-9 GFLOPs: reached by the first update of 2
        CliRun ppo = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--updates", "2", "--transitions", "4",
                "--num-envs", "2", "--eval-every", "0", "--max-new-tokens", "4", "--max-gflops", "1e-9",
                "--out", run.toString());
        assertThat(ppo.exitCode()).as(ppo.err()).isZero();
        assertThat(ppo.out()).contains("finished 1 updates (the budget of 1.0E-9 GFLOPs reached)");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).filteredOn(l -> l.contains("\"loss\"")
                || l.contains("\"flops\"")).hasSize(1);
        CliRun negative = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--max-gflops", "-1",
                "--out", dir.resolve("neg").toString());
        assertThat(negative.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(negative.err()).contains("maxGflops", "-1");
    }

    @Test
    void keepCheckpointsPrunesAllButTheNewestAndRefusesZero() throws Exception {
        Path run = dir.resolve("keep");
        CliRun ppo = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--updates", "3", "--transitions", "4",
                "--num-envs", "2", "--eval-every", "0", "--max-new-tokens", "4", "--checkpoint-every", "1",
                "--keep-checkpoints", "1", "--out", run.toString());
        assertThat(ppo.exitCode()).as(ppo.err()).isZero();
        assertThat(new TrainingCheckpoint(run.resolve("checkpoints")).complete())
                .extracting(TrainingCheckpoint::stepOf).containsExactly(3L);
        CliRun zero = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--keep-checkpoints", "0",
                "--out", dir.resolve("zero").toString());
        assertThat(zero.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(zero.err()).contains("keepCheckpoints", "0");
    }

    @Test
    void anUnknownPresetIsAUsageErrorNamingTheKnownOnes() {
        CliRun run = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--preset", "studdy", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("studdy", "study", "default");
    }

    @Test
    void inconsistentSettingsAreUsageErrorsNamingTheValues() {
        CliRun run = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--algorithm", "grpo", "--group-size", "1", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("groupSize", "1");

        CliRun split = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--rollout-unit", "steps", "--transitions", "100", "--num-envs", "8", "--out", dir.toString());
        assertThat(split.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(split.err()).contains("transitions 100", "numEnvs 8");

        CliRun algorithm = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--algorithm", "a2c");
        assertThat(algorithm.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(algorithm.err()).contains("a2c");
    }

    @Test
    void aFolderWithCheckpointsIsNotOverwrittenWithoutResume() throws Exception {
        Files.createDirectories(dir.resolve("checkpoints"));
        CliRun run = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("--resume");
    }

    @Test
    void aFolderHoldingAnyEarlierRunFileIsRefusedNamingBothOptions() throws Exception {
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\":0}\n");
        CliRun run = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("is not empty (it holds metrics.jsonl)", "--resume", "--overwrite");
    }

    @Test
    void overwriteDeletesTheEarlierRunOnlyOnceEverythingElseIsValid() throws Exception {
        Files.createDirectories(dir.resolve("checkpoints/step-000300/policy"));
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\":0}\n");
        CliRun refused = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--overwrite", "--out", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(refused.err()).contains("builds no policies");
        assertThat(dir.resolve("checkpoints/step-000300/policy")).isDirectory();
        assertThat(dir.resolve("metrics.jsonl")).exists();

        CliRun run = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--overwrite", "--updates", "1",
                "--transitions", "4", "--num-envs", "2", "--eval-every", "0", "--max-new-tokens", "4",
                "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("deleted the earlier run in " + dir, "reproducibility: CPU");
        try (var list = Files.list(dir.resolve("checkpoints"))) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("latest", "step-000001");
        }
    }

    @Test
    void thePolicyProvidersComplaintIsReported() {
        CliRun run = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--provider", "fake-policy",
                "--out", dir.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("builds no policies");
    }
}
