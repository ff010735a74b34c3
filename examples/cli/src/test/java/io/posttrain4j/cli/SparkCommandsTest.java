package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ppo --rollouts spark} and {@code eval --spark-master}: the same numbers as in-process, on local[2]. */
class SparkCommandsTest {
    @TempDir
    Path dir;

    @Test
    void ppoWithRolloutsOnSparkLogsTheSameRunAsInProcess() throws IOException {
        String[] args = {"ppo", "--env", "echo", "--policy", "tiny", "--updates", "2", "--transitions", "8",
            "--num-envs", "4", "--eval-every", "0", "--seed", "3"};
        CliRun local = CliRun.run("", concat(args, "--out", dir.resolve("local").toString()));
        CliRun spark = CliRun.run("", concat(args, "--rollouts", "spark", "--spark-master", "local[2]",
                "--out", dir.resolve("spark").toString()));
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(spark.out()).contains("rollouts on Spark local[2]");
        assertThat(metrics(dir.resolve("spark"))).hasSize(2).isEqualTo(metrics(dir.resolve("local")));

        // a killed run resumed with its rollouts on Spark: the last update again, the same record
        Path resumed = dir.resolve("resumed");
        CliRun first = CliRun.run("", concat(args, "--checkpoint-every", "1", "--out", resumed.toString()));
        assertThat(first.exitCode()).as(first.err()).isZero();
        deleteTree(resumed.resolve("checkpoints/step-000002"));
        CliRun again = CliRun.run("", concat(args, "--checkpoint-every", "1", "--rollouts", "spark", "--resume",
                "--out", resumed.toString()));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("resumed", "rollouts on Spark");
        List<String> records = metrics(resumed);
        assertThat(records.get(records.size() - 1)).isEqualTo(metrics(dir.resolve("local")).get(1));
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void evalOnSparkPrintsTheSameTableAndUsageErrorsStayUsageErrors() {
        String[] args = {"eval", "--policy", "tiny", "--env", "echo", "--episodes", "6", "--max-new-tokens", "6"};
        CliRun local = CliRun.run("", args);
        CliRun spark = CliRun.run("", concat(args, "--spark-master", "local[2]", "--spark-partitions", "3"));
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(spark.out()).isEqualTo(local.out());

        CliRun gpu = CliRun.run("", concat(args, "--spark-conf", "spark.task.resource.gpu.amount=1"));
        assertThat(gpu.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(gpu.err()).contains("spark.task.resource.gpu.amount: GPU resources are not scheduled in local[2]");
        CliRun ppo = CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--spark-master", "local[2]",
                "--out", dir.resolve("x").toString());
        assertThat(ppo.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(ppo.err()).contains("--spark-master, --spark-conf, --spark-partitions and --spark-timeout need --rollouts spark");
        CliRun reproduce = CliRun.run("", "reproduce", "--quick", "--spark-master", "spark://127.0.0.1:1",
                "--spark-timeout", "2", "--out", dir.resolve("r").toString());
        assertThat(reproduce.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(reproduce.err()).contains("cannot reach the Spark master 'spark://127.0.0.1:1'");
    }

    private static List<String> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll("\"[a-z_]*(_seconds|_per_s)\":[^,}]*,?", "")).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
