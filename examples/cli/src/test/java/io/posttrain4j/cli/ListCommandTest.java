package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListCommandTest {
    @Test
    void listShowsVariantsOptionsVerifierModesPolicyPresetsAndBrokenProviders() {
        CliRun run = CliRun.run("", "list");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("  echo\n    variants:\n"
                        + "      echo        id          text   say the word you read  (default)\n"
                        + "      echo-image  visual-ood  image  say the word you see\n"
                        + "    options (--option key=value; default: description):\n"
                        + "      word      (by seed): the word to repeat\n"
                        + "      attempts  2: answers allowed per episode\n")
                // Ids are padded to the longest id, which depends on the other providers on the class path.
                .containsPattern("\n  echo +task EchoTask\\(word, times\\)  modes: exact \\(default\\), ignore-case\n")
                .containsPattern("\n  fake-policy +presets: tiny \\(default\\), small\n")
                .containsPattern("Failed providers \\(\\d+\\)\n(  .*\n)*  verifier: .*BrokenVerifierProvider.*");
    }
}
