package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.io.RecordSettings;

class SftConfigTest {
    private static SftConfig.Builder valid() {
        return SftConfig.builder().steps(10).learningRate(1e-3).runDir(Path.of("run"));
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
        assertThatThrownBy(() -> SftConfig.builder().steps(3).build())
                .hasMessageContaining("learningRate, runDir");
        assertThatThrownBy(() -> valid().batchSize(12).microBatchSize(5).build())
                .hasMessageContaining("microBatchSize must divide batchSize, got 5 and 12");
        assertThatThrownBy(() -> valid().learningRate(-1).build()).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> valid().minLearningRate(1).build()).hasMessageContaining("[0, learningRate=0.001]");
        assertThatThrownBy(() -> valid().beta2(1.0).build()).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> valid().maxGradNorm(-1).build()).hasMessageContaining("0 = no clipping");
        assertThatThrownBy(() -> valid().evalEpisodes(0).build()).hasMessageContaining("evalEpisodes must be >= 1");
    }

    @Test
    void theDecisiveFieldsLeaveOutTheRunFolderAndStopPoint() {
        assertThat(valid().stopAfterSteps(3).build().toMap())
                .isEqualTo(valid().runDir(Path.of("other")).build().toMap())
                .doesNotContainKeys("runDir", "stopAfterSteps");
    }

    @Test
    void toBuilderCopiesEveryValue() {
        SftConfig c = valid().batchSize(8).microBatchSize(4).beta1(0.8).evalVariants(List.of("a/b")).seed(3).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().steps(20).build()).isEqualTo(RecordSettings.override(c, Map.of("steps", "20"),
                Map.of(), "test"));
    }
}
