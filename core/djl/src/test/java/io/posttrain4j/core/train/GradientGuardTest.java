package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.train.GradientGuard.Verdict;

class GradientGuardTest {
    @Test
    void nonFiniteLossOrNormIsRefusedFromTheFirstStep() {
        GradientGuard g = new GradientGuard();
        assertThat(g.check(Double.NaN, 1)).isEqualTo(Verdict.NON_FINITE);
        assertThat(g.check(1, Double.POSITIVE_INFINITY)).isEqualTo(Verdict.NON_FINITE);
        assertThat(g.check(1, Double.NaN)).isEqualTo(Verdict.NON_FINITE);
        assertThat(g.spikes()).isZero();
    }

    @Test
    void spikesAreJudgedOnlyAfterTheWarmup() {
        GradientGuard g = new GradientGuard();
        for (int i = 0; i < GradientGuard.WARMUP - 1; i++) {
            assertThat(g.check(1, 1.0)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(g.check(1, 1e6)).as("still warming up").isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void theCorruptNormsSeenInPracticeAreRefusedAndNormalVariationIsNot() {
        GradientGuard g = new GradientGuard();
        for (int i = 0; i < 100; i++) {
            assertThat(g.check(1, 0.7 + 0.3 * Math.sin(i))).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(g.scale()).isBetween(0.4, 1.0);
        assertThat(g.check(1, 1.17e31)).isEqualTo(Verdict.SPIKE);
        assertThat(g.check(1, 113)).isEqualTo(Verdict.SPIKE);
        assertThat(g.check(1, 8)).as("ten times the scale is training, not corruption").isEqualTo(Verdict.ACCEPT);
        assertThat(g.spikes()).isEqualTo(2);
        assertThat(g.explain(Verdict.SPIKE, 1, 113)).contains("113").contains("50 times");
    }

    @Test
    void aSlowRiseIsFollowedNotRefused() {
        GradientGuard g = new GradientGuard();
        double norm = 0.1;
        for (int i = 0; i < 400; i++) {
            norm *= 1.02; // x2.8e3 over the run
            assertThat(g.check(1, norm)).as("step %d", i).isEqualTo(Verdict.ACCEPT);
        }
    }

    @Test
    void stateRoundTripsThroughACheckpointExactly() {
        GradientGuard g = new GradientGuard();
        for (int i = 0; i < 30; i++) {
            g.check(1, 0.5 + i * 0.013);
        }
        g.check(1, 1e9);
        Map<String, Object> state = g.state();
        TrainingCheckpoint.State s = new TrainingCheckpoint.State("sft", 31, 0, 0, Map.of(), null, state);
        GradientGuard back = new GradientGuard();
        back.restore(s);
        assertThat(back.state()).isEqualTo(state);
        assertThat(back.check(1, 0.9)).isEqualTo(g.check(1, 0.9));
        assertThat(back.state()).isEqualTo(g.state());
    }
}
