package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.reproduce.ReproductionPlan;

/** {@code reproduce}'s choice of base and its usage errors, checked before anything is trained or written. */
class ReproduceCommandTest {
    @TempDir
    Path dir;

    @Test
    void theQuickPlanStartsFromTheCarriedBaseAndTheOtherCombinationsAreNamed() {
        assertThat(ReproduceCommand.folderAbove(ReproductionPlan.CARRIED_BASES.get("gp-l"))).isNotNull()
                .satisfies(b -> assertThat(b.resolve("model.safetensors")).exists());

        assertThat(ReproduceCommand.folderAbove(ReproductionPlan.CARRIED_BASES.get("virl-l"))).isNotNull()
                .satisfies(b -> assertThat(b.resolve("model.safetensors")).exists());
        CliRun scratchFull = CliRun.run("", "reproduce", "--from-scratch", "--base-lr", "1e-4", "--out",
                dir.resolve("a").toString());
        assertThat(scratchFull.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(scratchFull.err()).contains("--base-lr 1.0E-4 needs a base");
        assertThat(dir.resolve("a")).doesNotExist();

        CliRun both = CliRun.run("", "reproduce", "--quick", "--from-scratch", "--base", "small", "--out",
                dir.resolve("b").toString());
        assertThat(both.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(both.err()).contains("--from-scratch and --base exclude each other");

        CliRun lrWithoutBase = CliRun.run("", "reproduce", "--base-lr", "1e-4", "--out", dir.resolve("c").toString());
        assertThat(lrWithoutBase.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(lrWithoutBase.err()).contains("--base-lr 1.0E-4 needs a base");

        CliRun notAFolder = CliRun.run("", "reproduce", "--quick", "--base", "small", "--out",
                dir.resolve("d").toString());
        assertThat(notAFolder.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(notAFolder.err()).contains("--base must be a folder", "'small'");

        // A folder holding the quick plan from scratch is not continued from the carried base.
        Path scratch = dir.resolve("e");
        assertThat(scratch.resolve("gp-l/sft").toFile().mkdirs()).isTrue();
        CliRun mixed = CliRun.run("", "reproduce", "--quick", "--out", scratch.toString());
        assertThat(mixed.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(mixed.err()).contains("holds a reproduction from scratch");
        assertThat(Files.exists(scratch.resolve("base.txt"))).isFalse();

        CliRun unknownArm = CliRun.run("", "reproduce", "--quick", "--other-arms", "rules,dpo", "--out",
                dir.resolve("f").toString());
        assertThat(unknownArm.exitCode()).isEqualTo(PosttrainCli.EXIT_USAGE);
        assertThat(unknownArm.err()).contains("unknown arm 'dpo'", "grpo, kl, rft, rules");
        assertThat(dir.resolve("f")).doesNotExist();
    }
}
