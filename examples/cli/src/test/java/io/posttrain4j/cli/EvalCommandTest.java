package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.PairedComparison;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.train.Provenance;
import io.posttrain4j.core.train.TrainingCheckpoint;

class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void theTableShowsEveryMetricAsRateAndStandardError() {
        Map<String, EvalResult> results = new LinkedHashMap<>();
        results.put("generalpoints/gp-l", new EvalResult("generalpoints/gp-l", 100,
                Map.of("success", new Tally(93, 100)), 0.8, 1500));
        results.put("generalpoints/gp-l-rule-ood", new EvalResult("generalpoints/gp-l-rule-ood", 100,
                Map.of("success", new Tally(4, 100), "step_accuracy", new Tally(1, 2)), -0.9, 1500));
        StringWriter text = new StringWriter();
        EvalCommand.printTable(new PrintWriter(text), "small", results);
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("policy small");
        assertThat(lines.get(1)).contains("variant", "episodes", "step_accuracy", "success");
        assertThat(lines.get(2)).startsWith("generalpoints/gp-l ").contains("100", "-", "93.0% ± 2.6");
        assertThat(lines.get(3)).contains("50.0% ± 35.4", "4.0% ± 2.0");
    }

    @Test
    void aRunFolderOrCheckpointFolderLeadsToThePolicyFolderOfItsLatestCheckpoint() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, List.of("a", "b"), 2)) {
            TrainingCheckpoint checkpoints = new TrainingCheckpoint(dir.resolve("run/checkpoints"));
            for (long step : new long[] {100, 200}) {
                checkpoints.save(p, null, new TrainingCheckpoint.State("sft", step, 0, 0, Map.of(),
                        Provenance.now("sft", 0, Map.of()), Map.of()));
            }
        }
        Path latestPolicy = dir.resolve("run/checkpoints/step-000200/policy");
        assertThat(EvalCommand.locate(dir.resolve("run").toString())).isEqualTo(latestPolicy.toString());
        assertThat(EvalCommand.locate(dir.resolve("run/checkpoints/step-000100").toString()))
                .isEqualTo(dir.resolve("run/checkpoints/step-000100/policy").toString());
        assertThat(EvalCommand.locate(latestPolicy.toString())).isEqualTo(latestPolicy.toString());
        assertThat(EvalCommand.locate("small")).isEqualTo("small");
        Files.createDirectories(dir.resolve("empty/checkpoints"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvalCommand.locate(dir.resolve("empty").toString()))
                .hasMessageContaining("holds no complete checkpoint");
    }

    @Test
    void transcriptsWriteEveryEpisodeOfEveryVariantAsJsonLines() throws IOException {
        Path out = dir.resolve("transcripts");
        CliRun run = CliRun.run("", "eval", "--policy", "tiny", "--env", "echo,echo-image", "--episodes", "3",
                "--max-new-tokens", "4", "--transcripts", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("transcripts " + out.toAbsolutePath());
        for (String variant : List.of("echo_echo", "echo_echo-image")) {
            List<String> lines = Files.readAllLines(out.resolve(variant + ".jsonl"));
            assertThat(lines).hasSize(3);
            var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
            assertThat(first.get("episode").asInt()).isZero();
            assertThat(first.at("/turns/0/prompt").asText()).startsWith("Say the word");
            assertThat(first.at("/turns/0/feedback").asText()).isNotEmpty();
        }
        assertThat(EvalCommand.transcriptFile(out, "generalpoints/gp-l"))
                .isEqualTo(out.resolve("generalpoints_gp-l.jsonl"));
    }

    @Test
    void aBaselineIsPlayedOnTheSameEpisodesAndComparedPaired() {
        CliRun run = CliRun.run("", "eval", "--policy", "tiny", "--baseline", "tiny", "--env", "echo", "--episodes",
                "3", "--max-new-tokens", "4");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // the same preset and seed: the same weights, so every episode ties
        assertThat(run.out()).contains("paired against baseline tiny")
                .containsPattern("echo/echo +success +\\d+\\.\\d% -> +\\d+\\.\\d% +\\+0\\.0 ± 0\\.0 points"
                        + " +\\(better on 0, worse on 0 of 3 episodes\\)");

        assertUsageError("--baseline 'huge' is neither a folder nor a preset of fake-policy", "--policy", "tiny",
                "--baseline", "huge", "--env", "echo");
    }

    @Test
    void pairedLinesShowBothRatesAndTheDifferenceInPoints() {
        StringWriter text = new StringWriter();
        EvalCommand.printPaired(new PrintWriter(text), "init", Map.of("generalpoints/gp-l", List.of(
                new PairedComparison("success", 400, 0.3625, 0.56, 0.1975, 0.025, 98,
                        19))));
        assertThat(text.toString()).contains("paired against baseline init")
                .contains("generalpoints/gp-l success           36.3% ->  56.0%  +19.8 ± 2.5 points  "
                        + "(better on 98, worse on 19 of 400 episodes)");
    }

    @Test
    void attemptsNeedAnEnvironmentWithAVerifyIterOption() {
        assertUsageError("--attempts needs an environment with a verifyIter option; echo has: attempts, word",
                "--policy", "tiny", "--env", "echo", "--attempts", "1");
    }

    @Test
    void anUnknownVariantOrPresetIsAUsageErrorNamingWhatIsKnown() {
        assertUsageError("ech0", "--policy", "tiny", "--env", "ech0");
        assertUsageError("did you mean echo", "--policy", "tiny", "--env", "ech0");
        assertUsageError("--policy 'huge' is neither a folder nor a preset of fake-policy (presets: tiny, small)",
                "--policy", "huge", "--env", "echo");
    }

    @Test
    void damagedWeightsOrConfigFailNamingTheFolderAndFile() throws IOException {
        Path ckpt = dir.resolve("policy");
        io.posttrain4j.core.model.ModelConfig c = io.posttrain4j.core.model.ModelConfig.preset("tiny");
        try (var p = io.posttrain4j.core.model.DjlPolicy.create(c, new io.posttrain4j.core.model.tokenizer
                .DefaultChatTemplate(new io.posttrain4j.core.model.tokenizer.ByteTokenizer(), c.patchCount()), 1,
                ai.djl.Device.cpu())) {
            p.save(ckpt);
        }
        Path weights = ckpt.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(weights);
        var tensors = new LinkedHashMap<>(io.posttrain4j.core.model.checkpoint.Safetensors.readAll(weights));
        float[] norm = tensors.get("model.norm.weight").data().clone();
        norm[0] = Float.NaN;
        tensors.put("model.norm.weight", new io.posttrain4j.core.model.checkpoint.FloatTensor(new long[] {32}, norm));
        io.posttrain4j.core.model.checkpoint.Safetensors.write(weights, tensors, Map.of("format", "pt"));
        CliRun nan = CliRun.run("", "eval", "--policy", ckpt.toString(), "--env", "echo", "--episodes", "2");
        assertThat(nan.exitCode()).isEqualTo(PosttrainCli.EXIT_FAILURE);
        assertThat(nan.err()).contains(ckpt.toString(), "'model.norm.weight' in model.safetensors holds NaN");

        Files.write(weights, good);
        Path config = ckpt.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"vocab_size\" : \\d+",
                "\"vocab_size\" : 2147483647"));
        CliRun vocab = CliRun.run("", "eval", "--policy", ckpt.toString(), "--env", "echo", "--episodes", "2");
        assertThat(vocab.exitCode()).isEqualTo(PosttrainCli.EXIT_FAILURE);
        assertThat(vocab.err()).contains(ckpt.toString(), "model.embed_tokens.weight", "[2147483647, 32]");
    }

    /** {@code eval --provider fake-policy <args>} is a usage error saying {@code message}. */
    private static void assertUsageError(String message, String... args) {
        List<String> all = new ArrayList<>(List.of("eval", "--provider", "fake-policy"));
        all.addAll(List.of(args));
        CliRun run = CliRun.run("", all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains(message);
    }
}
