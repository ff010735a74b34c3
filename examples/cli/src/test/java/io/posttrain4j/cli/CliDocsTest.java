package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/CLI.md shows real sessions: every {@code ```console} block is run here, command by command, through bash
 * with {@code ./posttrain4j} standing for the command line on this module's class path (without the test
 * fixtures), and its output must equal what the page shows (standard error merged in, as a terminal shows it). A
 * {@code $ cat FILE} line defines FILE with the lines shown under it, so later commands can read it.
 *
 * <p>When the command line changes on purpose, rewrite the page's outputs with
 * {@code mvn -B -pl examples/cli test -Dtest=CliDocsTest -Dcli.docs.write=true} and read the diff.
 */
class CliDocsTest {
    private static final String PROMPT = "$ ";

    @TempDir
    Path work;

    @Test
    void everyConsoleBlockOfCliMdPrintsWhatThePageShows() throws Exception {
        Path page = repositoryRoot().resolve("docs/CLI.md");
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        writeLauncher(work.resolve("posttrain4j"));
        // Paths into the repository's core/ (the test fixtures the page uses) read as from the repository root.
        Files.createSymbolicLink(work.resolve("core"), repositoryRoot().resolve("core"));
        List<String> out = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        int commands = 0;
        for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i));
            if (!lines.get(i).equals("```console")) {
                continue;
            }
            int end = i + 1;
            while (!lines.get(end).equals("```")) {
                end++;
            }
            int j = i + 1;
            while (j < end) {
                String command = lines.get(j);
                if (!command.startsWith(PROMPT)) {
                    throw new IllegalStateException("docs/CLI.md line " + (j + 1) + ": a console block must start with a "
                            + "'$ ' command line, got: " + command);
                }
                int k = j + 1;
                while (k < end && !lines.get(k).startsWith(PROMPT)) {
                    k++;
                }
                List<String> shown = lines.subList(j + 1, k);
                List<String> actual = run(command.substring(PROMPT.length()), shown);
                commands++;
                if (!actual.equals(shown)) {
                    drift.add("docs/CLI.md line " + (j + 1) + ": " + command + "\n--- the page shows:\n"
                            + String.join("\n", shown) + "\n--- the command prints:\n" + String.join("\n", actual));
                }
                out.add(command);
                out.addAll(actual);
                j = k;
            }
            out.add("```");
            i = end;
        }
        Files.delete(work.resolve("core")); // the link only, before JUnit cleans the folder
        if (Boolean.getBoolean("cli.docs.write")) {
            Files.writeString(page, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(commands).as("console commands in docs/CLI.md").isGreaterThan(10);
        assertThat(drift).as("docs/CLI.md differs from the real command line; rewrite it with "
                + "-Dcli.docs.write=true and read the diff").isEmpty();
    }

    private List<String> run(String command, List<String> shown) throws IOException, InterruptedException {
        String[] words = command.trim().split("\\s+");
        if (words.length == 2 && words[0].equals("cat")) { // the page defines the file
            Files.write(work.resolve(words[1]), shown, StandardCharsets.UTF_8);
            return shown;
        }
        Process p = new ProcessBuilder("bash", "-c", "(" + command + ") 2>&1").directory(work.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        List<String> result = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
            result.remove(result.size() - 1);
        }
        return result.stream().map(CliDocsTest::stripTrailing).collect(Collectors.toList());
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }

    /** {@code ./posttrain4j} for the page's commands: this module's run-time class path, as the launcher runs it. */
    private static void writeLauncher(Path script) throws IOException {
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(script, "#!/usr/bin/env bash\nexec '" + java + "' -Dai.djl.offline=true "
                + "-Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "
                + "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_threads=1 "
                + "-cp '" + classPath + "' io.posttrain4j.cli.PosttrainCli \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The folder above examples/ that holds the parent pom. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("examples"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
