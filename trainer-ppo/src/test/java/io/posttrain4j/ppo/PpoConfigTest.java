package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PpoConfigTest {
    @Test
    void theStudyPresetHoldsTheReferenceValues() {
        PpoConfig c = PpoConfig.study();
        assertThat(c.gamma()).isEqualTo(0.9);
        assertThat(c.gaeLambda()).isEqualTo(0.95);
        assertThat(c.clipCoef()).isEqualTo(0.1);
        assertThat(c.valueClipCoef()).isEqualTo(0.1);
        assertThat(c.vfCoef()).isEqualTo(0.5);
        assertThat(c.epochs()).isEqualTo(4);
        assertThat(c.maxGradNorm()).isEqualTo(0.01);
        assertThat(c.adamEps()).isEqualTo(1e-7);
        assertThat(c.learningRate()).isEqualTo(1e-6);
        assertThat(c.minLearningRate()).isEqualTo(1e-9);
        assertThat(c.temperature()).isEqualTo(0.2);
        assertThat(c.thoughtWeight()).isEqualTo(0.5);
        assertThat(c.answerKey()).isEqualTo("formula");
        assertThat(c.klCoef()).isZero();
        assertThat(c.entCoef()).isZero();
        assertThat(c.transitions()).isEqualTo(256 * 8);
        assertThat(c.updates()).isEqualTo(20);
    }

    @Test
    void presetsAreFoundByNameAndAnUnknownOneNamesTheKnown() {
        assertThat(PpoConfig.preset("default").clipCoef()).isEqualTo(0.2);
        assertThat(PpoConfig.preset("default").maxGradNorm()).isEqualTo(1.0);
        assertThat(PpoConfig.preset("study")).isEqualTo(PpoConfig.study());
        assertThatThrownBy(() -> PpoConfig.preset("studdy"))
                .hasMessageContaining("studdy").hasMessageContaining("study");
    }

    @Test
    void badValuesAreRejectedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> PpoConfig.study().toBuilder().clipCoef(-0.1).build())
                .hasMessageContaining("clipCoef").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> PpoConfig.study().toBuilder().transitions(100).numEnvs(8).build())
                .hasMessageContaining("transitions 100").hasMessageContaining("numEnvs 8");
        assertThatThrownBy(() -> PpoConfig.study().toBuilder().algorithm(Algorithm.GRPO).groupSize(1).build())
                .hasMessageContaining("groupSize");
        assertThatThrownBy(() -> PpoConfig.study().toBuilder().gamma(1.5).build()).hasMessageContaining("gamma");
        assertThatThrownBy(() -> PpoConfig.study().toBuilder().valueLearningRate(-1e-3).build())
                .hasMessageContaining("valueLearningRate").hasMessageContaining("-0.001");
    }

    @Test
    void environmentOptionsAreKeptInOneOrderSoThatARunResumesInAnyJvm() {
        Map<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("prompt", "compact");
        ba.put("image", "small");
        PpoConfig c = PpoConfig.study().toBuilder().environmentOptions(ba).build();
        assertThat(c.environmentOptions().keySet()).containsExactly("image", "prompt");
        assertThat(c.toMap().get("environmentOptions").toString()).isEqualTo("{image=small, prompt=compact}");
    }

    @Test
    void wholeEpisodeBuffersNeedNotSplitEvenlyOverEnvironments() {
        PpoConfig c = PpoConfig.study().toBuilder().rolloutUnit(RolloutUnit.EPISODES).transitions(100).numEnvs(8)
                .minibatches(4).build();
        assertThat(c.rolloutUnit()).isEqualTo(RolloutUnit.EPISODES);
        assertThat(c.toMap()).containsEntry("rolloutUnit", "EPISODES");
    }

    @Test
    void verifyStepsBecomeTheEnvironmentsOption() {
        PpoConfig c = PpoConfig.study().toBuilder().environmentOptions(Map.of("prompt", "compact")).verifySteps(3)
                .build();
        assertThat(c.effectiveEnvironmentOptions()).containsEntry("verifyIter", "3").containsEntry("prompt", "compact");
        assertThat(PpoConfig.study().effectiveEnvironmentOptions()).doesNotContainKey("verifyIter");
    }

    @Test
    void theConfigMapRoundTripsThroughTheBuilder() {
        PpoConfig c = PpoConfig.defaults().toBuilder().klCoef(0.05).klPlacement(KlPlacement.LOSS).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toMap()).containsEntry("klPlacement", "LOSS").containsEntry("clipCoef", 0.2);
    }
}
