package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.cli.fakes.EchoEnvironment;
import io.posttrain4j.core.image.RgbImage;

class PlayCommandTest {
    @Test
    void aScriptedPlayerFinishesAnEpisodeSeeingEveryTurnTheRewardsAndTheMetrics() {
        CliRun run = CliRun.run("pear\n\n:expert\napple\n", "play", "--env", "echo", "--seed", "3",
                "--option", "word=apple", "--option", "attempts=3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                environment echo/echo, seed 3, options word=apple attempts=3
                %s
                ===== observation 1: 2 turns =====
                ----- turn 1/2: system -----
                You repeat words.
                ----- turn 2/2: user -----
                Say the word: apple
                ===== end of observation 1 =====
                your answer 1:
                ----- submitted answer -----
                pear
                ----- result of answer 1 -----
                reward: -1.0
                feedback: wrong word.
                success: false, terminated: false, truncated: false
                ===== observation 2: 4 turns =====
                ----- turn 1/4: system -----
                You repeat words.
                ----- turn 2/4: user -----
                Say the word: apple
                ----- turn 3/4: assistant -----
                pear
                ----- turn 4/4: user -----
                You failed this trial because wrong word.
                ===== end of observation 2 =====
                your answer 2:
                ----- expert answer -----
                apple
                ----- end of expert answer -----
                your answer 2:
                ----- submitted answer -----
                apple
                ----- result of answer 2 -----
                reward: 1.0
                feedback: correct.
                success: true, terminated: true, truncated: false
                ===== episode metrics after 2 answers =====
                success: 1/1 (100.0%%)
                """.formatted(PlayCommand.ANSWER_RULE));
    }

    @Test
    void spentAttemptsEndTheEpisodeAsTruncated() {
        CliRun run = CliRun.run("(no)\n(nope)\nnever read\n", "play", "--env", "echo", "--option", "attempts=2",
                "--seed", "1");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("success: false, terminated: false, truncated: true\n")
                .contains("success: 0/1 (0.0%)")
                .doesNotContain("never read");
    }

    @Test
    void quittingOrRunningOutOfInputStopsTheEpisodeAndStillPrintsTheMetrics() {
        CliRun quit = CliRun.run(":quit\n", "play", "--env", "echo", "--seed", "1");
        assertThat(quit.exitCode()).isZero();
        assertThat(quit.out()).contains("(quit before the episode ended)", "episode metrics after 0 answers");

        CliRun eof = CliRun.run("", "play", "--env", "echo", "--seed", "1");
        assertThat(eof.exitCode()).isZero();
        assertThat(eof.out()).contains("(input ended before the episode did)", "success: 0/1");
    }

    @Test
    void theSameSeedDealsTheSameWord() {
        String first = CliRun.run(":quit\n", "play", "--env", "echo", "--seed", "42").out();
        String again = CliRun.run(":quit\n", "play", "--env", "echo", "--seed", "42").out();
        assertThat(first).isEqualTo(again);
    }

    @Test
    void imagesAreWrittenOnceAsPngFilesWhosePathsArePrinted(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("images");
        CliRun run = CliRun.run("(wrong)\nbanana\n", "play", "--env", "echo", "--variant", "echo-image",
                "--option", "word=banana", "--seed", "0", "--out-dir", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path png = out.resolve("image-01.png");
        assertThat(RgbImage.read(png)).isEqualTo(EchoEnvironment.picture("banana"));
        try (var files = Files.list(out)) {
            assertThat(files).containsExactly(png);
        }
        assertThat(run.out())
                .contains("----- turn 2/2: user, images before the text: " + png + " 3x2 -----\n"
                        + "Say the word in the picture.\n")
                .contains("----- turn 2/4: user, images before the text: " + png + " 3x2 -----\n");
    }

    @Test
    void aFailureWhileRunningPrintsItsCauseAndExitsWithOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        CliRun run = CliRun.run("banana\n", "play", "--env", "echo/echo-image", "--seed", "0",
                "--out-dir", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot create the image folder " + file)
                .contains("caused by: ");
    }

    @Test
    void aVariantNameAloneSelectsItsEnvironment() {
        CliRun run = CliRun.run(":quit\n", "play", "--env", "echo-image", "--seed", "0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("environment echo/echo-image, seed 0");
    }

    @Test
    void anUnknownEnvironmentNamesTheKnownIdsAndTheClosestMatch() {
        CliRun run = CliRun.run("", "play", "--env", "ecoh");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: unknown environment 'ecoh'; known: ")
                .contains("echo/echo-image").contains("did you mean echo?")
                .contains("Try 'posttrain4j play --help' for usage.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownVariantNamesTheVariantsOfTheEnvironment() {
        CliRun run = CliRun.run("", "play", "--env", "echo", "--variant", "echo-imag");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown variant of echo 'echo-imag'; known: echo, echo-image; "
                + "did you mean echo-image?");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheKeyOrValueAndWhatIsAccepted() {
        CliRun badValue = CliRun.run("", "play", "--env", "echo", "--option", "attempts=zero");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).contains("echo/echo: option attempts of echo must be an integer in [1, 10], "
                + "got 'zero'");

        CliRun badKey = CliRun.run("", "play", "--env", "echo", "--option", "atempts=2");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("unknown option of echo 'atempts'; known: attempts, word; "
                + "did you mean attempts?");

        CliRun noValue = CliRun.run("", "play", "--env", "echo", "--option", "attempts");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.err()).contains("KEY=VALUE").contains("attempts");

        CliRun twice = CliRun.run("", "play", "--env", "echo/echo", "--variant", "echo-image");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("--env echo/echo already names a variant");
    }
}
