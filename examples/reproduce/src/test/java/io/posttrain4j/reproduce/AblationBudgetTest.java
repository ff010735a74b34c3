package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ablation arms of the full plan stop at the main RL arm's compute, so they need its finished run. */
class AblationBudgetTest {
    @TempDir
    Path dir;

    @Test
    void theAblationArmsOfTheFullPlanRunAtTheMainArmsComputeAndNeedItFinished() {
        TaskPlan gp = ReproductionPlan.fullFromBases().tasks().get(0);
        assertThat(gp.rlVerifySteps()).containsExactly(1, 3, 5, 10);
        assertThat(gp.ablationAtEqualCompute()).isTrue();
        assertThat(List.of(gp.rlArm(1), gp.rlArm(3), gp.rlArm(10))).containsExactly("rl", "rl-v3", "rl-v10");
        // the from-scratch plan's ablation keeps equal updates
        assertThat(ReproductionPlan.full().tasks().get(0).ablationAtEqualCompute()).isFalse();
        assertThatThrownBy(() -> Reproduction.mainArmGflops(gp, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the main arm has not finished", "step-000064", "--arms 1");
    }
}
