package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproductionBaseTest {
    @TempDir
    Path dir;

    private Reproduction reproduction(Path out) {
        return new Reproduction(ReproductionPlan.quick(), out, new PrintWriter(new StringWriter()));
    }

    @Test
    void anOutputFolderKeepsTheBaseItWasStartedWith() throws IOException {
        Path out = dir.resolve("out");
        Path a = dir.resolve("base-a/policy");
        reproduction(out).fromBase(a, 5e-4).checkBase();
        assertThat(Files.readString(out.resolve("base.txt"))).contains(a.toString(), "lr 5.0E-4");
        reproduction(out).fromBase(a, 5e-4).checkBase(); // the same base again: fine

        assertThatThrownBy(() -> reproduction(out).fromBase(dir.resolve("base-b/policy"), 5e-4).checkBase())
                .hasMessageContaining("holds a reproduction from the base " + a).hasMessageContaining("base-b");
        assertThatThrownBy(() -> reproduction(out).fromBase(a, 1e-3).checkBase()).hasMessageContaining("lr 0.001");
        assertThatThrownBy(() -> reproduction(out).checkBase()).hasMessageContaining("give it again with --base");
    }

    @Test
    void aReproductionFromScratchIsNotContinuedFromABase() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("gp-l/sft"));
        reproduction(out).checkBase(); // from scratch again: fine, and nothing written
        assertThat(out.resolve("base.txt")).doesNotExist();
        assertThatThrownBy(() -> reproduction(out).fromBase(dir.resolve("b"), 5e-4).checkBase())
                .hasMessageContaining("holds a reproduction from scratch");
        assertThatThrownBy(() -> reproduction(out).fromBase(dir.resolve("b"), 0)).hasMessageContaining("> 0");
    }
}
