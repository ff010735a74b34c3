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

    @Test
    void eachTaskKeepsItsOwnBaseAndTasksRunInSeparateCallsAddTheirs() throws IOException {
        Path out = dir.resolve("full");
        Path gp = dir.resolve("gp");
        Path virl = dir.resolve("virl");
        Path vl = dir.resolve("vl");
        ReproductionPlan full = ReproductionPlan.fullFromBases();
        java.util.function.Function<ReproductionPlan, Reproduction> r = plan ->
                new Reproduction(plan, out, new PrintWriter(new StringWriter()));
        r.apply(full.only(java.util.List.of("gp-l"))).fromBases(java.util.Map.of("gp-l", gp)).checkBase();
        Files.createDirectories(out.resolve("gp-l/init"));
        r.apply(full.only(java.util.List.of("virl-l"))).fromBases(java.util.Map.of("virl-l", virl)).checkBase();
        Path street = dir.resolve("street");
        java.util.Map<String, Path> bases = java.util.Map.of("gp-l", gp, "gp-vl", vl, "virl-l", virl, "virl-vl", street);
        r.apply(full).fromBases(bases).checkBase(); // the whole plan over both stages: fine
        assertThat(Files.readAllLines(out.resolve("base.txt"))).containsExactly(
                "gp-l: " + gp + " at the plan's rates", "virl-l: " + virl + " at the plan's rates",
                "gp-vl: " + vl + " at the plan's rates", "virl-vl: " + street + " at the plan's rates");
        assertThatThrownBy(() -> r.apply(full).fromBases(java.util.Map.of("gp-l", virl, "gp-vl", vl, "virl-l", virl,
                "virl-vl", street)).checkBase())
                .hasMessageContaining("holds a reproduction of gp-l from the base " + gp)
                .hasMessageContaining("not from " + virl);
        assertThatThrownBy(() -> r.apply(full).fromBases(java.util.Map.of("gp-l", gp, "gp-vl", vl)).checkBase())
                .hasMessageContaining("of virl-l from the base " + virl).hasMessageContaining("give it again");
        assertThatThrownBy(() -> r.apply(full).fromBases(java.util.Map.of("gp-x", gp)))
                .hasMessageContaining("gp-x").hasMessageContaining("virl-l");
    }

    @Test
    void aOneLineMarkerOfAnEarlierVersionIsEveryTasksBase() throws IOException {
        Path out = dir.resolve("old");
        Path a = dir.resolve("a");
        Files.createDirectories(out.resolve("gp-l/init"));
        Files.writeString(out.resolve("base.txt"), a.toAbsolutePath().normalize() + " at the plan's rates\n");
        Reproduction quick = new Reproduction(ReproductionPlan.quickFromBase(), out, new PrintWriter(new StringWriter()));
        quick.fromBase(a).checkBase();
        assertThat(Files.readString(out.resolve("base.txt"))).isEqualTo("gp-l: " + a.toAbsolutePath().normalize()
                + " at the plan's rates\n");
        assertThatThrownBy(() -> reproduction(out).fromBase(dir.resolve("b")).checkBase())
                .hasMessageContaining("from the base " + a.toAbsolutePath().normalize());
    }
}
