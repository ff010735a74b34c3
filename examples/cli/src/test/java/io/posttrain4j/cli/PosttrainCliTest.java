package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class PosttrainCliTest {
    @Test
    void everyCommandPrintsItsHelpAndExitsWithZero() {
        CommandLine cl = PosttrainCli.commandLine(
                new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Set<String> names = cl.getSubcommands().keySet();
        assertThat(names).contains("list", "play", "verify", "help");
        for (String name : names) {
            CliRun run = CliRun.run("", name, "--help");
            assertThat(run.exitCode()).as(name + " --help exit code; stderr: " + run.err()).isZero();
            assertThat(run.out()).as(name + " --help").contains("Usage: posttrain4j " + name);
            assertThat(run.out()).as(name + " --help lists --help").contains("--help");
        }
        CliRun root = CliRun.run("", "--help");
        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).contains("Usage: posttrain4j", "list", "play", "verify");
    }

    @Test
    void noCommandIsAUsageErrorNamingTheCommands() {
        CliRun run = CliRun.run("");
        assertThat(run.exitCode()).isEqualTo(2);
        // Other commands join the list over time: check the start and the first three only.
        assertThat(run.err()).startsWith("error: missing command; choose one of: list, play, verify, ");
    }

    @Test
    void anUnknownCommandIsAUsageErrorSuggestingTheClosestOne() {
        CliRun run = CliRun.run("", "lst");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'lst'").contains("list");
    }

    @Test
    void anUnknownOptionIsAUsageErrorPointingToTheHelp() {
        CliRun run = CliRun.run("", "list", "--colour");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: Unknown option: '--colour'");
    }

    @Test
    void versionNamesTheProjectVersionAndJava() {
        CliRun run = CliRun.run("", "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("posttrain4j ").contains("Java ").doesNotContain("${");
    }
}
