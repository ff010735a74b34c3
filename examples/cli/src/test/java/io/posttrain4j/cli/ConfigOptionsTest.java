package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** --config, --set and --print-config of the training commands: every setting by name, in one precedence. */
class ConfigOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode printed(String... args) throws IOException {
        CliRun run = CliRun.run("", args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static void assertUsage(CliRun run, String... parts) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains(parts);
    }

    @Test
    void ppoTakesTheFileUnderTheTypedFlagsAndSetOverBoth() throws IOException {
        Path yaml = dir.resolve("ppo.yaml");
        Files.writeString(yaml, "learningRate: 2.0e-5\nepochs: 3\nalgorithm: grpo\nenvironment: echo/echo\n");
        JsonNode c = printed("ppo", "--env", "echo", "--policy", "tiny", "--config", yaml.toString(), "--epochs", "5",
                "--set", "groupSize=4", "--set", "klPlacement=loss", "--print-config");
        assertThat(c.get("learningRate").asDouble()).isEqualTo(2e-5); // the file
        assertThat(c.get("epochs").asInt()).isEqualTo(5); // the typed flag beats the file
        assertThat(c.get("algorithm").asText()).isEqualTo("GRPO");
        assertThat(c.get("groupSize").asInt()).isEqualTo(4); // --set
        assertThat(c.get("klPlacement").asText()).isEqualTo("LOSS");
        assertThat(c.get("environment").asText()).isEqualTo("echo/echo"); // --env owns it; the file agrees
        JsonNode bySet = printed("ppo", "--env", "echo", "--policy", "tiny", "--epochs", "5", "--set", "epochs=7",
                "--print-config");
        assertThat(bySet.get("epochs").asInt()).isEqualTo(7);
    }

    @Test
    void aFileWhoseEnvironmentDiffersFromTheFlagsIsRefused() throws IOException {
        Path yaml = dir.resolve("other-env.yaml");
        Files.writeString(yaml, "environment: generalpoints/gp-l\n");
        assertUsage(CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--config", yaml.toString(),
                "--print-config"), "environment = \"generalpoints/gp-l\" differs from --env (\"echo/echo\")");
        Path options = dir.resolve("other-options.json");
        Files.writeString(options, "{\"environmentOptions\": {\"prompt\": \"reference\"}}");
        assertUsage(CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--config", options.toString(),
                "--print-config"), "environmentOptions", "differs from --option");
        Path same = dir.resolve("same-options.yaml");
        Files.writeString(same, "environmentOptions:\n  attempts: 2\n"); // a YAML number, the text "2"
        assertThat(printed("ppo", "--env", "echo", "--policy", "tiny", "--option", "attempts=2", "--config",
                same.toString(), "--print-config").get("environmentOptions").get("attempts").asText()).isEqualTo("2");
    }

    @Test
    void aSettingDerivedFromATypedFlagIsNotTakenFromTheFile() throws IOException {
        Path file = dir.resolve("sft.json");
        Files.writeString(file, printed("sft", "--env", "echo", "--batch", "64", "--eval-every", "100",
                "--print-config").toString());
        JsonNode c = printed("sft", "--env", "echo", "--config", file.toString(), "--batch", "32", "--eval-every",
                "20", "--eval-episodes", "0", "--print-config");
        assertThat(c.get("batchSize").asInt()).isEqualTo(32);
        assertThat(c.get("microBatchSize").asInt()).isEqualTo(32); // follows --batch, not the file's 64
        assertThat(c.get("checkpointEvery").asInt()).isEqualTo(20); // follows --eval-every
        assertThat(c.get("evalVariants")).isEmpty(); // --eval-episodes 0: no evaluation, whatever the file lists
        JsonNode fromFile = printed("sft", "--env", "echo", "--config", file.toString(), "--print-config");
        assertThat(fromFile.get("microBatchSize").asInt()).isEqualTo(64);
        assertThat(fromFile.get("evalVariants")).isNotEmpty();

        Path ppo = dir.resolve("ppo.json");
        Files.writeString(ppo, "{\"evalVariants\": [\"not/evaluated\"]}");
        JsonNode p = printed("ppo", "--env", "echo", "--policy", "tiny", "--config", ppo.toString(), "--eval-env",
                "echo", "--print-config");
        assertThat(p.get("evalVariants")).extracting(JsonNode::asText).containsExactly("echo/echo");
    }

    @Test
    void theSeedOfAFileSeedsTheDataAndTheModelAsTheFlagDoes() throws IOException {
        Path file = dir.resolve("seed.yaml");
        Files.writeString(file, "seed: 5\n");
        String[] run = {"sft", "--env", "echo", "--policy", "tiny", "--steps", "2", "--batch", "4", "--examples", "16",
            "--eval-episodes", "0"};
        CliRun byFlag = CliRun.run("", concat(run, "--seed", "5", "--out", dir.resolve("flag").toString()));
        CliRun byFile = CliRun.run("", concat(run, "--config", file.toString(), "--out", dir.resolve("file").toString()));
        CliRun other = CliRun.run("", concat(run, "--out", dir.resolve("other").toString()));
        for (CliRun r : new CliRun[] {byFlag, byFile, other}) {
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        assertThat(losses(dir.resolve("file"))).isEqualTo(losses(dir.resolve("flag")))
                .isNotEqualTo(losses(dir.resolve("other")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static java.util.List<Double> losses(Path run) throws IOException {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.has("loss")) {
                out.add(n.get("loss").asDouble());
            }
        }
        return out;
    }

    @Test
    void whatPrintConfigWritesReadsBackAsTheSameRun() throws IOException {
        CliRun first = CliRun.run("", "sft", "--env", "echo", "--steps", "7", "--lr", "3e-4", "--print-config");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path file = dir.resolve("sft.json");
        Files.writeString(file, first.out());
        JsonNode again = printed("sft", "--env", "echo", "--config", file.toString(), "--print-config");
        assertThat(again.get("steps").asInt()).isEqualTo(7);
        assertThat(again).isEqualTo(JSON.readTree(first.out()));
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void badFilesKeysAndValuesAreUsageErrorsNamingThem() throws IOException {
        assertUsage(CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--set", "epochz=2", "--print-config"),
                "unknown setting 'epochz'", "did you mean epochs?");
        assertUsage(CliRun.run("", "ppo", "--env", "echo", "--policy", "tiny", "--set", "environment=x"),
                "environment is not set here; use --env");
        assertUsage(CliRun.run("", "sft", "--env", "echo", "--set", "learningRate=0"),
                "learningRate must be > 0, got 0.0");
        assertUsage(CliRun.run("", "sft", "--env", "echo", "--set", "steps=many"), "steps = 'many' is not an int");
        assertUsage(CliRun.run("", "sft", "--env", "echo", "--set", "steps"), "--set steps: expected key=value");
        assertUsage(CliRun.run("", "sft", "--env", "echo", "--set", "runDir=x"), "use --out");
        assertUsage(CliRun.run("", "sft", "--env", "echo", "--config", dir.resolve("c.toml").toString()),
                "expected a .json, .yaml or .yml file");
        assertUsage(CliRun.run("", "sft", "--env", "echo", "--config", dir.resolve("missing.json").toString()),
                "no such file");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"steps\": ");
        assertUsage(CliRun.run("", "pretrain", "--config", broken.toString()), "not valid JSON");
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- steps\n");
        assertUsage(CliRun.run("", "pretrain", "--config", list.toString()), "expected an object of settings");
    }
}
