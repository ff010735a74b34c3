package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code sft --lora}, {@code ppo --lora} and {@code generate} on a tiny Hugging Face checkpoint (the Qwen2-shaped
 * parity fixture of core/djl, made by transformers): adapters train, checkpoint as PEFT folders, resume, and load
 * back for generation.
 */
class LoraCommandsTest {
    private static final Path QWEN2 = Path.of("../../core/djl/src/test/resources/io/posttrain4j/core/model/hf/qwen2");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path base;

    @BeforeEach
    void copyBase() throws IOException {
        base = dir.resolve("qwen2");
        Files.createDirectories(base);
        try (Stream<Path> files = Files.list(QWEN2)) {
            for (Path f : files.toList()) {
                Files.copy(f, base.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void sftTrainsAnAdapterThatResumesAndGenerates() throws Exception {
        Path run = dir.resolve("sft");
        byte[] weights = Files.readAllBytes(base.resolve("model.safetensors"));
        String[] args = {"sft", "--env", "echo", "--policy", base.toString(), "--lora", "r=2,alpha=4,dropout=0.1", "--examples",
            "8", "--steps", "4", "--batch", "4", "--eval-every", "2", "--eval-env", "echo", "--eval-episodes", "2",
            "--out", run.toString()};
        CliRun sft = CliRun.run("", args);
        assertThat(sft.exitCode()).as(sft.err()).isZero();
        Path adapter = latestPolicy(run);
        assertThat(adapter.toString()).contains("step-000004");
        assertThat(adapter.resolve("adapter_config.json")).exists();
        assertThat(adapter.resolve("adapter_model.safetensors")).exists();
        assertThat(adapter.resolve("model.safetensors")).doesNotExist();
        assertThat(Files.readAllBytes(base.resolve("model.safetensors"))).isEqualTo(weights); // the base is untouched
        byte[] trained = Files.readAllBytes(adapter.resolve("adapter_model.safetensors"));

        // As after a kill at step 3: the run resumes from its step-2 adapter and ends where it ended.
        String[] resume = resumeAfterLosing(adapter, args);
        assertThat(latestPolicy(run).toString()).contains("step-000004");
        assertThat(Files.readAllBytes(latestPolicy(run).resolve("adapter_model.safetensors"))).isEqualTo(trained);

        // A resume with another adapter, or with none, is refused naming both.
        String[] otherAlpha = resume.clone();
        otherAlpha[java.util.Arrays.asList(resume).indexOf("--lora") + 1] = "r=2,alpha=8,dropout=0.1";
        CliRun other = CliRun.run("", otherAlpha);
        assertThat(other.exitCode()).as(other.err()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(other.err()).contains("alpha=4.0").contains("alpha=8.0");
        java.util.List<String> withoutLora = new java.util.ArrayList<>(java.util.List.of(resume));
        int at = withoutLora.indexOf("--lora");
        withoutLora.remove(at + 1);
        withoutLora.remove(at);
        CliRun none = CliRun.run("", withoutLora.toArray(String[]::new));
        assertThat(none.exitCode()).as(none.err()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(none.err()).contains("this policy has no adapter; give the run's --lora");

        CliRun generate = CliRun.run("", "generate", "--policy", run.toString(), "--prompt", "hello world",
                "--max-new-tokens", "4", "--json");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        JsonNode answer = JSON.readTree(generate.out());
        assertThat(answer.get("prompt_ids").size()).isGreaterThan(2);
        assertThat(answer.get("generated_ids").size()).isBetween(1, 4);
        assertThat(answer.get("text").isTextual()).isTrue();

        CliRun raw = CliRun.run("", "generate", "--policy", base.toString(), "--lora", adapter.toString(),
                "--prompt", "hello world", "--raw", "--json", "--max-new-tokens", "2");
        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(JSON.readTree(raw.out()).get("prompt_ids").toString()).isEqualTo("[5,6]"); // hello, world
    }

    @Test
    void ppoTrainsAnAdapterAgainstTheBaseWithoutASecondCopyAndResumesExactly() throws Exception {
        Path run = dir.resolve("ppo");
        String[] args = {"ppo", "--env", "echo", "--policy", base.toString(), "--lora", "r=2", "--kl-coef", "0.05",
            "--updates", "2", "--transitions", "8", "--num-envs", "4", "--set", "checkpointEvery=1", "--eval-env",
            "echo", "--eval-episodes", "2", "--out", run.toString()};
        CliRun ppo = CliRun.run("", args);
        assertThat(ppo.exitCode()).as(ppo.err()).isZero();
        Path last = latestPolicy(run);
        assertThat(last.toString()).contains("000002");
        assertThat(last.resolve("adapter_config.json")).exists();
        try (Stream<Path> reference = Files.list(run.resolve("reference"))) {
            assertThat(reference.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("posttrain4j-base-view.txt");
        }
        byte[] trained = Files.readAllBytes(last.resolve("adapter_model.safetensors"));

        // As after a kill during update 2: the run resumes from update 1 (its reference is the base again).
        resumeAfterLosing(last, args);
        assertThat(Files.readAllBytes(latestPolicy(run).resolve("adapter_model.safetensors"))).isEqualTo(trained);
    }

    @Test
    void aSmolVlmAdapterTrainsOnImagePromptsAndAnswersAnImageQuestion() throws Exception {
        Path smolvlm = Path.of("../../core/djl/src/test/resources/io/posttrain4j/core/model/hf/smolvlm");
        Path run = dir.resolve("smolvlm-sft");
        CliRun sft = CliRun.run("", "sft", "--env", "echo-image", "--policy", smolvlm.toString(), "--lora",
                "r=2", "--examples", "4", "--steps", "2", "--batch", "2", "--eval-every", "0", "--eval-env",
                "echo-image", "--eval-episodes", "2", "--out", run.toString());
        assertThat(sft.exitCode()).as(sft.err()).isZero();
        assertThat(latestPolicy(run).resolve("adapter_config.json")).exists();
        CliRun generate = CliRun.run("", "generate", "--policy", run.toString(), "--prompt", "What is in this image?",
                "--image", smolvlm.resolve("image0.png").toString(), "--max-new-tokens", "3", "--json");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        JsonNode answer = JSON.readTree(generate.out());
        assertThat(answer.get("prompt_ids").toString()).contains("101,100,102"); // <fake_token..><global-img><image>
    }

    @Test
    void badLoraAndGenerateInputIsAUsageError() {
        CliRun preset = CliRun.run("", "sft", "--env", "echo", "--policy", "tiny", "--lora", "r=2", "--out",
                dir.resolve("a").toString());
        assertThat(preset.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(preset.err()).contains("--lora trains an adapter on a pretrained model");
        CliRun spec = CliRun.run("", "ppo", "--env", "echo", "--policy", base.toString(), "--lora", "rank=2",
                "--out", dir.resolve("b").toString());
        assertThat(spec.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(spec.err()).contains("unknown LoRA setting 'rank'");
        CliRun dropout = CliRun.run("", "ppo", "--env", "echo", "--policy", base.toString(), "--lora", "r=2,dropout=0.1",
                "--out", dir.resolve("c").toString());
        assertThat(dropout.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(dropout.err()).contains("ppo trains without dropout", "accepted: dropout=0");
        assertThat(dir.resolve("c")).doesNotExist();
        CliRun both = CliRun.run("", "generate", "--policy", base.toString(), "--prompt", "hi", "--greedy",
                "--temperature", "0.7");
        assertThat(both.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(both.err()).contains("--temperature and --greedy exclude each other");
        CliRun image = CliRun.run("", "generate", "--policy", base.toString(), "--prompt", "hi", "--image",
                Path.of("../../core/djl/src/test/resources/io/posttrain4j/core/model/hf/smolvlm/image0.png").toString());
        assertThat(image.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(image.err()).contains("is a text-only model; it reads no images");
        CliRun missing = CliRun.run("", "generate", "--policy", base.toString(), "--prompt", "hi", "--lora",
                dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(missing.err()).contains("--lora " + dir.resolve("nowhere") + " is not a folder");
    }

    @Test
    void everyCommandThatRunsAPolicyTakesDeviceAndAMissingGpuIsNamed() {
        List<String[]> commands = List.of(
                new String[] {"eval", "--env", "echo", "--policy", base.toString(), "--episodes", "1"},
                new String[] {"ppo", "--env", "echo", "--policy", base.toString(), "--updates", "1", "--out",
                    dir.resolve("p").toString()},
                new String[] {"sft", "--env", "echo", "--policy", base.toString(), "--steps", "1", "--out",
                    dir.resolve("s").toString()},
                new String[] {"generate", "--policy", base.toString(), "--prompt", "hello"},
                new String[] {"probe", "--policy", base.toString(), "--questions", "1"},
                new String[] {"reproduce", "--quick", "--out", dir.resolve("r").toString()});
        for (String[] command : commands) {
            String[] withGpu = java.util.Arrays.copyOf(command, command.length + 2);
            withGpu[command.length] = "--device";
            withGpu[command.length + 1] = "gpu";
            CliRun run = CliRun.run("", withGpu);
            assertThat(run.exitCode()).as(command[0]).isEqualTo(PosttrainCli.EXIT_FAILURE);
            assertThat(run.err()).as(command[0]).contains("device 'gpu' asked for, but PyTorch sees 0 GPU(s)");
        }
    }

    /**
     * As after a kill before the last checkpoint was written: deletes the checkpoint holding {@code policy}, runs
     * {@code args} again with {@code --resume}, asserts it finished, and returns the resumed command line.
     */
    private static String[] resumeAfterLosing(Path policy, String[] args) throws IOException {
        io.posttrain4j.core.io.AtomicFiles.deleteRecursively(policy.getParent());
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        CliRun more = CliRun.run("", resume);
        assertThat(more.exitCode()).as(more.err()).isZero();
        return resume;
    }

    private static Path latestPolicy(Path run) throws IOException {
        try (Stream<Path> steps = Files.list(run.resolve("checkpoints"))) {
            List<Path> sorted = steps.filter(Files::isDirectory).sorted().toList();
            return sorted.get(sorted.size() - 1).resolve("policy");
        }
    }
}
