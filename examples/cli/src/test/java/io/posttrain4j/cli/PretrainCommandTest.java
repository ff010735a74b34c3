package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainCommandTest {
    @TempDir
    Path dir;

    /** A seconds-long pretraining of the tiny preset on two GeneralPoints families. */
    private CliRun tiny(Path run, String... args) {
        List<String> all = new ArrayList<>(List.of("pretrain", "--out", run.toString()));
        all.addAll(List.of(args));
        String[][] defaults = {{"--policy", "tiny"}, {"--steps", "4"}, {"--batch", "4"}, {"--eval-every", "2"},
            {"--probe-questions", "3"}, {"--eval-max-tokens", "8"},
            {"--corpus", "generalpoints/rules,generalpoints/task"}};
        for (String[] d : defaults) {
            if (!all.contains(d[0])) {
                all.addAll(List.of(d));
            }
        }
        return CliRun.run("", all.toArray(String[]::new));
    }

    @Test
    void aRunWritesTheBaseItsProbesAndResumesOnlyAsTheSameRun() throws IOException {
        Path run = dir.resolve("run");
        CliRun first = tiny(run, "--corpus-option", "generalpoints.oodExposure=0.05");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("pretrain djl[tiny]", "probes [rules@faceValues=10,",
                "finished at step 4", "rules@faceValues=11,12,13", "checkpoint ");
        assertThat(run.resolve("tokenizer")).isDirectory();
        assertThat(run.resolve("checkpoints/step-000004")).isDirectory();
        assertThat(Files.readString(run.resolve("run.json"))).contains("\"kind\" : \"pretrain\"", "oodExposure");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"probe/")))
                .hasSize(3); // steps 0, 2 and 4

        // probe asks the same questions as the run's probes (same seed) and so prints the same accuracies
        CliRun probe = CliRun.run("", "probe", "--policy", run.toString(), "--questions", "3", "--max-new-tokens", "8");
        assertThat(probe.exitCode()).as(probe.err()).isZero();
        String last = Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"probe/"))
                .reduce((a, b) -> b).orElseThrow();
        for (String name : PretrainCommand.GENERALPOINTS_PROBES) {
            String key = name.substring(name.indexOf('/') + 1);
            double accuracy = Double.parseDouble(last.replaceAll(".*\"probe/" + java.util.regex.Pattern.quote(key)
                    + "\":([-0-9.Ee]+).*", "$1"));
            assertThat(probe.out()).containsPattern(java.util.regex.Pattern.quote(key) + " +"
                    + String.format(java.util.Locale.ROOT, "%.1f", 100 * accuracy) + "%");
        }
        assertUsage(CliRun.run("", "probe", "--policy", run.toString(), "--probe", "generalpoints/rulez"), "rulez");
        assertUsage(CliRun.run("", "probe", "--policy", run.toString(), "--questions", "0"), "--questions");

        CliRun again = tiny(run, "--corpus-option", "generalpoints.oodExposure=0.05");
        assertThat(again.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        CliRun other = tiny(run, "--resume", "--steps", "6");
        assertThat(other.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(other.err()).contains("corpusOptions");
        CliRun resumed = tiny(run, "--resume", "--corpus-option", "generalpoints.oodExposure=0.05");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    }

    @Test
    void aPolicyFolderIsTrainedFurtherOnTheCorpus() throws IOException {
        Path base = dir.resolve("base");
        assertThat(tiny(base).exitCode()).isZero();
        Path more = dir.resolve("more");
        CliRun run = tiny(more, "--policy", base.toString(), "--corpus", "generalpoints/task", "--probe", "none");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("finished at step 4", "corpus {generalpoints/task=1.0}");
        assertThat(more.resolve("checkpoints/step-000004")).isDirectory();
        assertThat(Files.readString(more.resolve("checkpoints/step-000004/policy/config.json")))
                .isEqualTo(Files.readString(base.resolve("checkpoints/step-000004/policy/config.json")));
    }

    /** A base that reads the cards from images: GP-VL's task and card reading, probed in both colours. */
    @Test
    void anImageCorpusTrainsThroughTheVisionTowerAndGetsTheCardReadingProbes() throws IOException {
        Path run = dir.resolve("images");
        CliRun r = tiny(run, "--corpus", "generalpoints/card-images,generalpoints/task-images", "--steps", "2",
                "--eval-every", "0", "--eval-max-tokens", "24");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("probes [rules@faceValues=10,", "card-images@suits=black, card-images@suits=red]",
                "finished at step 2");
        String last = Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"probe/"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("\"probe/card-images@suits=black\"", "\"probe/card-images@suits=red\"");
        CliRun probe = CliRun.run("", "probe", "--policy", run.toString(), "--questions", "2", "--max-new-tokens", "24",
                "--probe", "generalpoints/card-images@suits=red");
        assertThat(probe.exitCode()).as(probe.err()).isZero();
        assertThat(probe.out()).containsPattern("card-images@suits=red +[0-9.]+%");
        assertUsage(tiny(dir.resolve("green"), "--corpus", "generalpoints/card-images",
                "--corpus-option", "generalpoints.suits=green"), "suits", "green");
        assertUsage(tiny(dir.resolve("held"), "--corpus", "generalpoints/task-images",
                "--corpus-option", "generalpoints.faceValues=11,12,13"), "held-out rule", "task-images");
    }

    @Test
    void badCorporaMixturesProbesAndExclusionsAreUsageErrorsThatWriteNothing() {
        Path run = dir.resolve("run");
        assertUsage(tiny(run, "--corpus", "generalpoints/rulez"), "rulez", "rules");
        assertUsage(tiny(run, "--corpus", "generalpoints/rules=0"), "sum to more than zero");
        assertUsage(tiny(run, "--corpus", "generalpoints/rules=-2"), "'-2'");
        assertUsage(tiny(run, "--corpus-option", "generalpoints.faceValues=11,12,13"),
                "faceValues 11,12,13 is the held-out rule");
        assertUsage(tiny(run, "--corpus-option", "nowhere.x=1"), "no corpus provider 'nowhere'");
        assertUsage(tiny(run, "--corpus-option", "oodExposure=1"), "id.key=value");
        assertUsage(tiny(run, "--corpus-option", "generalpoints.oodExposure=7"), "oodExposure");
        assertUsage(tiny(run, "--probe", "generalpoints/task@faceValues=11,12,13"), "held-out rule");
        assertUsage(tiny(run, "--probe", "generalpoints/rules@faceValues"), "key=value");
        assertUsage(tiny(run, "--policy", "huge"), "--policy must be a preset", "'huge'");
        assertThat(run).doesNotExist();
    }

    @Test
    void aVirlCorpusGetsTheActionProbesAndItsOptionsAreChecked() throws IOException {
        Path run = dir.resolve("virl");
        // navigation documents are up to about 1,000 bytes: more than tiny's 512 positions
        CliRun r = tiny(run, "--corpus", "virl/actions,virl/navigation", "--steps", "2", "--eval-every", "0",
                "--eval-max-tokens", "4", "--batch", "16", "--max-positions", "1100");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("probes [actions@actions=absolute, actions@actions=relative]");
        assertThat(Files.readString(run.resolve("checkpoints/step-000002/policy/config.json")))
                .containsPattern("\"max_position_embeddings\" ?: ?1100");
        assertUsage(tiny(dir.resolve("again"), "--policy", run.toString(), "--max-positions", "2048"),
                "--max-positions applies to a preset");
        assertUsage(tiny(dir.resolve("small"), "--max-positions", "3"), "[16, 65536]", "3");
        // without it, the run is refused before it starts, not stopped at the first long document
        Path refused = dir.resolve("refused");
        assertUsage(tiny(refused, "--corpus", "virl/navigation", "--steps", "40", "--batch", "16"),
                "of the corpus (virl/navigation) is", "more than the model's context of 512", "--max-positions");
        assertThat(refused).doesNotExist();
        assertUsage(tiny(dir.resolve("bad"), "--corpus", "virl/actions", "--corpus-option", "virl.actions=sideways"),
                "sideways", "absolute");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    void listShowsTheCorpora() {
        CliRun list = CliRun.run("", "list");
        assertThat(list.out()).contains("Corpora (", "generalpoints", "rule-arithmetic", "oodExposure", "navigation")
                .containsPattern("viewCities +all").containsPattern("navigationListings +study");
    }

    private static void assertUsage(CliRun run, String... messages) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains(messages);
    }
}
