package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} on bad bytes, wrong JSON types and blank lines, with the GeneralPoints verifier. */
class VerifyInputTest {
    private static final String TASK = "\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":24,\"languageOnly\":true";

    private static String line(String fields, String formula) {
        return "{" + fields + ",\"response\":\"\\\"formula\\\": \\\"" + formula + "\\\"\"}";
    }

    @Test
    void aLineThatIsNotUtf8IsAnErrorForThatLineOnlyTheSameFromAFileAndFromStandardInput(@TempDir Path dir)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((line(TASK, "10*3-6*1=24") + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(("{" + TASK + ",\"response\":\"caf").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xE9, '"', '}', '\n'}); // Latin-1 e-acute: not UTF-8
        bytes.writeBytes((line(TASK, "13*3-6*1") + "\n").getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, bytes.toByteArray());

        CliRun fromFile = CliRun.run("", "verify", "--env", "generalpoints", "--in", file.toString());
        CliRun fromStdin = CliRun.run(new ByteArrayInputStream(bytes.toByteArray()), new StringWriter(),
                "verify", "--env", "generalpoints");

        List<String> expected = List.of(
                "{\"line\":1,\"reward\":5.0,\"feedback\":\"Correct solution.\",\"success\":true}",
                "{\"line\":2,\"error\":\"not UTF-8 text: byte 84 of the line (0xE9) does not form a UTF-8 "
                        + "character\"}",
                "{\"line\":3,\"reward\":-4.0,\"feedback\":\"you used invalid numbers: [13], you didn't use numbers:"
                        + " [10].\",\"success\":false}");
        assertThat(fromFile.out().lines().toList()).isEqualTo(expected);
        assertThat(fromStdin.out().lines().toList()).isEqualTo(expected);
        assertThat(fromFile.exitCode()).isEqualTo(1);
        assertThat(fromStdin.exitCode()).isEqualTo(1);
        assertThat(fromFile.err()).isEmpty();
    }

    @Test
    void wrongJsonTypesAreErrorsNamingTheFieldTheValueAndTheTypeAccepted() {
        String input = String.join("\n",
                line("\"ranks\":[\"1\",\"3\",\"13\",\"6\"],\"faceAs10\":true,\"target\":24,\"languageOnly\":true", "1"),
                line("\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":\"24\",\"languageOnly\":true", "1"),
                line("\"ranks\":[1,3,13,6],\"faceAs10\":1,\"target\":24,\"languageOnly\":true", "1"),
                line("\"ranks\":[1,1.5,13,6],\"faceAs10\":true,\"target\":24,\"languageOnly\":true", "1"),
                line("\"ranks\":[[1],3,13,6],\"faceAs10\":true,\"target\":24,\"languageOnly\":true", "1"),
                line("\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":24.0,\"languageOnly\":true", "1"),
                line("\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":1e30,\"languageOnly\":true", "1"),
                line("\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":99999999999,\"languageOnly\":true", "1"),
                line("\"ranks\":\"1,3,13,6\",\"faceAs10\":true,\"target\":24,\"languageOnly\":\"yes\"", "1"),
                line("\"ranks\":[1,null,13,6],\"faceAs10\":true,\"target\":24,\"languageOnly\":true", "1"),
                line("\"ranks\":[1,3,13,6],\"faceAs10\":true,\"languageOnly\":true", "1")) + "\n";

        CliRun run = CliRun.run(input, "verify", "--env", "generalpoints");

        String bad = "{\"line\":%d,\"error\":\"bad task GeneralPointsTask field '%s': must be %s, got %s\"}";
        String integer = "an integer (a JSON number without fraction or exponent)";
        assertThat(run.out().lines().toList()).containsExactly(
                bad.formatted(1, "ranks[0]", integer, "\\\"1\\\" (a string)"),
                bad.formatted(2, "target", integer, "\\\"24\\\" (a string)"),
                bad.formatted(3, "faceAs10", "true or false", "1 (a number)"),
                bad.formatted(4, "ranks[1]", integer, "1.5 (a number)"),
                bad.formatted(5, "ranks[0]", integer, "[1] (a list)"),
                bad.formatted(6, "target", integer, "24.0 (a number)"),
                bad.formatted(7, "target", integer, "1.0E30 (a number)"),
                bad.formatted(8, "target", "an integer from -2147483648 to 2147483647", "99999999999 (a number)"),
                bad.formatted(9, "ranks", "a list (in [ ])", "\\\"1,3,13,6\\\" (a string)"),
                bad.formatted(10, "ranks[1]", "an integer", "null"),
                "{\"line\":11,\"error\":\"invalid task GeneralPointsTask: field 'target' is missing or null\"}");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void errorMessagesSpeakOfJsonNotOfTheLibraryReadingIt() {
        String input = String.join("\n",
                "{\"word\":\"apple\",\"times\":\"two\",\"response\":\"apple\"}",
                "{\"word\":\"apple\",\"times\":true,\"response\":\"apple\"}",
                "{\"word\":7,\"times\":1,\"response\":\"apple\"}",
                "[".repeat(10_000),
                "{\"word\":\"apple\" oops}") + "\n";

        CliRun run = CliRun.run(input, "verify", "--env", "echo");

        List<String> lines = run.out().lines().toList();
        assertThat(lines).containsExactly(
                "{\"line\":1,\"error\":\"bad task EchoTask field 'times': must be an integer (a JSON number without"
                        + " fraction or exponent), got \\\"two\\\" (a string)\"}",
                "{\"line\":2,\"error\":\"bad task EchoTask field 'times': must be an integer (a JSON number without"
                        + " fraction or exponent), got true (a boolean)\"}",
                "{\"line\":3,\"error\":\"bad task EchoTask field 'word': must be a string, got 7 (a number)\"}",
                "{\"line\":4,\"error\":\"not JSON: nested deeper than 1000 levels\"}",
                "{\"line\":5,\"error\":\"not JSON: Unexpected character 'o': was expecting comma to separate Object"
                        + " entries (at column 17)\"}");
        for (String l : lines) {
            assertThat(l).doesNotContain("`", "coerc", "Cannot deserialize", "java.", "code 1");
        }
    }

    @Test
    void everyOutputLineNamesItsInputLineSoBlankLinesShiftNothing() {
        String input = "\n" + line(TASK, "10*3-6*1=24") + "\n  \n\n" + line(TASK, "13*3-6*1") + "\r\n\n";

        CliRun run = CliRun.run(input, "verify", "--env", "generalpoints");

        assertThat(run.out().lines().toList()).containsExactly(
                "{\"line\":2,\"reward\":5.0,\"feedback\":\"Correct solution.\",\"success\":true}",
                "{\"line\":5,\"reward\":-4.0,\"feedback\":\"you used invalid numbers: [13], you didn't use numbers:"
                        + " [10].\",\"success\":false}");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void theExactModeChecksTheStatedResultTheReferenceModeKeepsTheStudysVerdict() {
        String input = line(TASK, "10*3-6*1=25") + "\n";
        assertThat(CliRun.run(input, "verify", "--env", "generalpoints").out()).isEqualTo(
                "{\"line\":1,\"reward\":-1.0,\"feedback\":\"the formula's value is 24 but the answer states '25'.\","
                        + "\"success\":false}\n");
        assertThat(CliRun.run(input, "verify", "--env", "generalpoints", "--mode", "reference").out()).isEqualTo(
                "{\"line\":1,\"reward\":5.0,\"feedback\":\"Correct solution.\",\"success\":true}\n");
    }
}
