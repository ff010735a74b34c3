package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void warmupRisesLinearlyThenTheCosineFallsToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 0.1, 4, 14);
        assertThat(s.at(0)).isCloseTo(0.25, within(1e-12));
        assertThat(s.at(3)).isCloseTo(1.0, within(1e-12));
        assertThat(s.at(4)).isCloseTo(1.0, within(1e-12));
        assertThat(s.at(9)).isCloseTo(0.55, within(1e-12));
        assertThat(s.at(14)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(100)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void theStudysThreePercentWarmupRounds() {
        assertThat(LearningRateSchedule.warmupCosine(1e-6, 0, 0.03, 400).warmupSteps()).isEqualTo(12);
    }

    @Test
    void aFloorAbovethePeakIsRejected() {
        assertThatThrownBy(() -> new LearningRateSchedule(1e-4, 1e-3, 0, 10)).hasMessageContaining("floor");
    }
}
