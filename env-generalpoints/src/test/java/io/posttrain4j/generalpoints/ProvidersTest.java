package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.game.Suit;

class ProvidersTest {
    @Test
    void environmentAndVerifierAreFoundByServiceLoader() {
        Environments envs = Environments.discover();
        assertThat(envs.qualifiedNames()).contains("generalpoints/gp-l", "generalpoints/gp-vl-visual-ood");
        assertThat(envs.create("generalpoints/gp-vl-rule-ood").id()).isEqualTo("generalpoints/gp-vl-rule-ood");
        VerifierProvider<?> p = Verifiers.discover().get("generalpoints");
        assertThat(p.modes()).containsExactly("exact", "reference");
        assertThat(p).isInstanceOf(GeneralPointsVerifierProvider.class);
        assertThat(p.taskType()).isEqualTo(GeneralPointsTask.class);
    }

    @Test
    void badVariantsOptionsAndModesAreNamedInTheError() {
        GeneralPointsProvider provider = new GeneralPointsProvider();
        assertThatThrownBy(() -> provider.create("gp-v", Map.of())).hasMessageContaining("'gp-v'")
                .hasMessageContaining("gp-vl");
        assertThatThrownBy(() -> provider.create("gp-l", Map.of("verifyiter", "3")))
                .hasMessageContaining("verifyiter").hasMessageContaining("verifyIter");
        assertThatThrownBy(() -> provider.create("gp-l", Map.of("verifier", "exakt"))).hasMessageContaining("exakt");
        assertThatThrownBy(() -> provider.create("gp-l", Map.of("target", "-3"))).hasMessageContaining("-3");
        assertThatThrownBy(() -> provider.create("gp-l", Map.of("image", "huge"))).hasMessageContaining("huge");
        assertThatThrownBy(() -> new GeneralPointsVerifierProvider().create("strict"))
                .hasMessageContaining("strict").hasMessageContaining("reference");
        assertThat(provider.options()).containsKeys("target", "verifyIter", "verifier", "prompt", "image",
                "finalUnscoredTurn");
    }

    @Test
    void tasksAreReadFromJsonAndValidated() throws Exception {
        ObjectMapper json = new ObjectMapper();
        GeneralPointsTask t = json.readValue(
                "{\"ranks\":[12,3,9,9],\"faceAs10\":true,\"target\":24,\"languageOnly\":false}", GeneralPointsTask.class);
        assertThat(t).isEqualTo(new GeneralPointsTask(List.of(12, 3, 9, 9), true, 24, false));
        assertThat(t.cardNames()).containsExactly("Q", "3", "9", "9");
        assertThat(t.cardValues()).containsExactly(10, 3, 9, 9);
        assertThatThrownBy(() -> new GeneralPointsTask(List.of(1, 2, 3), true, 24, true)).hasMessageContaining("4");
        assertThatThrownBy(() -> new GeneralPointsTask(List.of(1, 2, 3, 14), true, 24, true))
                .hasMessageContaining("14");
        assertThatThrownBy(() -> new GeneralPointsTask(List.of(1, 2, 3, 4), true, 0, true))
                .hasMessageContaining("target");
    }

    @Test
    void cardsAreNamedLikeTheReference() {
        assertThat(new Card(10, Suit.SPADES).name()).isEqualTo("10");
        assertThat(new Card(10, Suit.SPADES).code()).isEqualTo("ST");
        assertThat(new Card(1, Suit.HEARTS).code()).isEqualTo("HA");
        assertThat(new Card(13, Suit.CLUBS).name()).isEqualTo("K");
        assertThat(FaceRule.AS_10.value(12)).isEqualTo(10);
        assertThat(FaceRule.AS_11_12_13.value(12)).isEqualTo(12);
        assertThatThrownBy(() -> new Card(0, Suit.CLUBS)).hasMessageContaining("0");
    }
}
