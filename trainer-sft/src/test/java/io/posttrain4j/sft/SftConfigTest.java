package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SftConfigTest {
    private static SftConfig.Builder valid() {
        return SftConfig.builder().setSteps(10).setLearningRate(1e-3).setRunDir(Path.of("run"));
    }

    @Test
    void theBuilderAppliesTheStudysOptimizerDefaults() {
        SftConfig c = valid().build();
        assertThat(c.beta1()).isEqualTo(0.9);
        assertThat(c.beta2()).isEqualTo(0.98);
        assertThat(c.eps()).isEqualTo(1e-7);
        assertThat(c.weightDecay()).isZero();
        assertThat(c.warmupFraction()).isEqualTo(0.03);
        assertThat(c.microBatchSize()).isEqualTo(c.batchSize());
        assertThat(c.accumulationSteps()).isEqualTo(1);
    }

    @Test
    void badValuesAreNamedWithWhatIsAccepted() {
        assertThatThrownBy(() -> SftConfig.builder().setSteps(3).build())
                .hasMessageContaining("setLearningRate, setRunDir");
        assertThatThrownBy(() -> valid().optBatchSize(12).optMicroBatchSize(5).build())
                .hasMessageContaining("microBatchSize must divide batchSize, got 5 and 12");
        assertThatThrownBy(() -> valid().setLearningRate(-1).build()).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> valid().optMinLearningRate(1).build()).hasMessageContaining("[0, learningRate=0.001]");
        assertThatThrownBy(() -> valid().optBetas(0.9, 1.0).build()).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> valid().optMaxGradNorm(-1).build()).hasMessageContaining("0 = no clipping");
        assertThatThrownBy(() -> valid().optEvalEpisodes(0).build()).hasMessageContaining("evalEpisodes must be >= 1");
    }

    @Test
    void theDecisiveFieldsLeaveOutTheRunFolderAndStopPoint() {
        assertThat(valid().optStopAfterSteps(3).build().toMap())
                .isEqualTo(valid().setRunDir(Path.of("other")).build().toMap())
                .doesNotContainKeys("runDir", "stopAfterSteps");
    }
}
