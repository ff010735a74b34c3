package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @Test
    void goodAndBadLinesAnswerInOrderWithErrorsNamingTheProblemAndExitOne() {
        String input = String.join("\n",
                "{\"word\":\"apple\",\"times\":2,\"response\":\"apple apple\"}",
                "not json",
                "{\"word\":\"apple\",\"times\":1}",
                "",
                "{\"wrod\":\"apple\",\"times\":1,\"response\":\"apple\"}",
                "{\"word\":\"apple\",\"times\":0,\"response\":\"apple\"}",
                "{\"word\":\"apple\",\"times\":\"two\",\"response\":\"apple\"}",
                "{\"word\":\"apple\",\"response\":\"apple\"}",
                "{\"word\":\"apple\",\"times\":1,\"response\":42}",
                "{\"times\":1,\"response\":\"apple\"}",
                "[1,2]",
                "{\"word\":\"pear\",\"times\":1,\"response\":\" Pear \"}") + "\n";

        CliRun run = CliRun.run(input, "verify", "--env", "echo");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("{\"line\":1,\"reward\":1.0,\"feedback\":\"correct.\",\"success\":true}");
        assertThat(lines.get(1)).startsWith("{\"line\":2,\"error\":\"not JSON: ");
        assertThat(lines.get(2)).isEqualTo("{\"line\":3,\"error\":\"missing \\\"response\\\" (the text to verify)\"}");
        assertThat(lines.get(3)).isEqualTo("{\"line\":5,\"error\":\"unknown field of task EchoTask 'wrod'; "
                + "known: response, times, word; did you mean word?\"}");
        assertThat(lines.get(4)).isEqualTo(
                "{\"line\":6,\"error\":\"invalid task EchoTask: times must be at least 1, got 0\"}");
        assertThat(lines.get(5)).startsWith("{\"line\":7,\"error\":\"bad task EchoTask field 'times': ");
        assertThat(lines.get(6)).isEqualTo(
                "{\"line\":8,\"error\":\"invalid task EchoTask: field 'times' is missing or null\"}");
        assertThat(lines.get(7)).isEqualTo("{\"line\":9,\"error\":\"\\\"response\\\" must be a string, got number\"}");
        assertThat(lines.get(8)).isEqualTo(
                "{\"line\":10,\"error\":\"invalid task EchoTask: field 'word' is missing or null\"}");
        assertThat(lines.get(9)).startsWith("{\"line\":11,\"error\":\"expected a JSON object");
        assertThat(lines.get(10))
                .isEqualTo("{\"line\":12,\"reward\":-1.0,\"feedback\":\"wrong word.\",\"success\":false}");
    }

    @Test
    void fieldsAreBoundStrictlyWithoutSilentCoercions() {
        CliRun run = CliRun.run("{\"word\":\"apple\",\"times\":1.5,\"response\":\"apple\"}\n"
                + "{\"word\":\"apple\",\"times\":1,\"response\":\"apple\"} trailing\n"
                + "{\"word\":\"apple\",\"word\":\"pear\",\"times\":1,\"response\":\"apple\"}\n",
                "verify", "--env", "echo");
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"line\":1,\"error\":\"bad task EchoTask field 'times': ");
        assertThat(lines.get(1)).startsWith("{\"line\":2,\"error\":\"not JSON: ");
        assertThat(lines.get(2)).startsWith("{\"line\":3,\"error\":\"not JSON: Duplicate field 'word'");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void allGoodLinesExitWithZeroAndModeAndDetailsAreHonoured(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("in.jsonl");
        Files.writeString(file, "{\"word\":\"pear\",\"times\":1,\"response\":\" Pear \"}\n");

        CliRun run = CliRun.run("", "verify", "--env", "echo", "--mode", "ignore-case", "--details", "--in",
                file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\"line\":1,\"reward\":1.0,\"feedback\":\"correct.\",\"success\":true,"
                + "\"details\":{\"expected\":\"pear\",\"length\":4}}\n");
    }

    @Test
    void aDashReadsStandardInput() {
        CliRun run = CliRun.run("{\"word\":\"a\",\"times\":1,\"response\":\"a\"}\n", "verify", "--env", "echo",
                "--in", "-");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("{\"line\":1,\"reward\":1.0,\"feedback\":\"correct.\",\"success\":true}\n");
    }

    @Test
    void eachVerdictIsWrittenBeforeTheNextLineIsRead() {
        List<String> outputSeenBeforeReading = new ArrayList<>();
        StringWriter out = new StringWriter();
        List<String> chunks = List.of(
                "{\"word\":\"a\",\"times\":1,\"response\":\"a\"}\n",
                "{\"word\":\"b\",\"times\":1,\"response\":\"a\"}\n");
        InputStream stdin = new InputStream() {
            private int chunk;
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == current.length) {
                    if (chunk == chunks.size()) {
                        return -1;
                    }
                    outputSeenBeforeReading.add(out.toString());
                    current = chunks.get(chunk++).getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };

        CliRun run = CliRun.run(stdin, out, "verify", "--env", "echo");

        assertThat(run.exitCode()).isZero();
        assertThat(outputSeenBeforeReading).containsExactly("",
                "{\"line\":1,\"reward\":1.0,\"feedback\":\"correct.\",\"success\":true}\n");
    }

    @Test
    void unknownVerifiersModesAndFilesAreUsageErrors(@TempDir Path dir) {
        CliRun id = CliRun.run("", "verify", "--env", "ecko");
        assertThat(id.exitCode()).isEqualTo(2);
        assertThat(id.err()).contains("unknown verifier 'ecko'; known: ").contains("did you mean echo?");

        CliRun mode = CliRun.run("", "verify", "--env", "echo", "--mode", "fuzzy");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("unknown mode of verifier echo 'fuzzy'; known: exact, ignore-case");

        Path missing = dir.resolve("missing.jsonl");
        CliRun file = CliRun.run("", "verify", "--env", "echo", "--in", missing.toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("--in " + missing + ": no such file");
    }

    @Test
    void aFolderGivenAsInputIsAUsageErrorNamingIt(@TempDir Path folder) {
        CliRun run = CliRun.run("", "verify", "--env", "echo", "--in", folder.toString());
        assertThat(run.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(run.err()).contains("--in " + folder + " is a folder");
    }
}
