package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.env.EnvironmentChecker;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.prompt.Prompts;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierMode;

class FaceRuleTest {
    private final GeneralPointsProvider provider = new GeneralPointsProvider();

    @Test
    void theStudysRulesKeepTheReferenceTexts() {
        assertThat(FaceRule.AS_10.promptMessage()).isEqualTo("'J', 'Q', and 'K' count as '10'.");
        assertThat(FaceRule.AS_11_12_13.promptMessage())
                .isEqualTo("'J', 'Q', and 'K' count as '11', '12', and '13' respectively.");
        assertThat(FaceRule.AS_10.compactLine()).isEqualTo("J,Q,K=10");
        assertThat(FaceRule.AS_11_12_13.compactLine()).isEqualTo("J,Q,K=11,12,13");
        assertThat(FaceRule.of(10, 10, 10)).isSameAs(FaceRule.AS_10);
        assertThat(FaceRule.parse("11, 12,13")).isSameAs(FaceRule.AS_11_12_13);
        assertThat(FaceRule.of(true)).isSameAs(FaceRule.AS_10);
    }

    @Test
    void anyMappingValuesFacesAndLeavesOtherRanks() {
        FaceRule r = FaceRule.parse("5,7,2");
        assertThat(List.of(r.value(1), r.value(10), r.value(11), r.value(12), r.value(13)))
                .containsExactly(1, 10, 5, 7, 2);
        assertThat(r.promptMessage()).isEqualTo("'J', 'Q', and 'K' count as '5', '7', and '2' respectively.");
        assertThat(FaceRule.parse("1").promptMessage()).isEqualTo("'J', 'Q', and 'K' count as '1'.");
        assertThat(r.label()).isEqualTo("5,7,2");
        assertThat(FaceRule.parse(r.label())).isEqualTo(r);
    }

    @Test
    void badMappingsNameTheValueAndTheAcceptedForms() {
        for (String bad : List.of("", "x", "1,2", "0", "100", "1,2,3,4", "10,,10")) {
            assertThatThrownBy(() -> FaceRule.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'").hasMessageContaining("1..99");
        }
        assertThatThrownBy(() -> provider.create("gp-l", Map.of("faceValues", "J")))
                .hasMessageContaining("option faceValues of generalpoints").hasMessageContaining("'J'")
                .hasMessageContaining("variant");
    }

    @Test
    void anEnvironmentDealsPromptsAndVerifiesUnderTheMappingItIsGiven() {
        Map<String, String> options = Map.of("faceValues", "1", "prompt", "compact", "verifyIter", "1",
                "finalUnscoredTurn", "false");
        EnvironmentChecker.check(() -> provider.create("gp-l-rule-ood", options)).throwIfFailed();
        GeneralPointsEnvironment env = (GeneralPointsEnvironment) provider.create("gp-l-rule-ood", options);
        Observation first = env.reset(7);
        assertThat(first.lastUserText()).contains("J,Q,K=1");
        GeneralPointsTask task = env.task();
        assertThat(task.faceRule()).isEqualTo(FaceRule.parse("1"));
        assertThat(task.ranks()).anyMatch(r -> r >= 11); // the rule-OOD dealing still forces a face card
        String answer = Prompts.expertAnswer(task, task.solutions().get(0), PromptStyle.COMPACT);
        Step s = env.step(answer);
        assertThat(s.reward()).isEqualTo(5);
    }

    @Test
    void theVerifierJudgesByTheTasksMappingAndItsJsonKeepsTheStudysForm() throws Exception {
        ObjectMapper json = new ObjectMapper();
        GeneralPointsTask study = new GeneralPointsTask(List.of(1, 3, 13, 6), true, 24, true);
        assertThat(json.writeValueAsString(study))
                .isEqualTo("{\"ranks\":[1,3,13,6],\"faceAs10\":true,\"target\":24,\"languageOnly\":true}");
        GeneralPointsTask kingAs2 = json.readValue("{\"ranks\":[13,12,3,1],\"faceAs10\":false,\"target\":24,"
                + "\"languageOnly\":true,\"faceValues\":[4,6,2]}", GeneralPointsTask.class);
        assertThat(kingAs2.cardValues()).containsExactly(2, 6, 3, 1);
        GeneralPointsVerifier exact = new GeneralPointsVerifier(VerifierMode.EXACT);
        GeneralPointsVerifier reference = new GeneralPointsVerifier(VerifierMode.REFERENCE);
        String right = Prompts.expertAnswer(kingAs2, "(2+6)*3*1", PromptStyle.COMPACT);
        String asTen = Prompts.expertAnswer(kingAs2, "(10+10)+3+1", PromptStyle.COMPACT);
        assertThat(exact.verify(kingAs2, right).reward()).isEqualTo(5);
        assertThat(reference.verify(kingAs2, right).reward()).isEqualTo(5);
        assertThat(exact.verify(kingAs2, asTen).reward()).isLessThan(0);
        assertThatThrownBy(() -> new GeneralPointsTask(List.of(1, 2, 3, 4), true, 24, true, List.of(1, 1, 1)))
                .hasMessageContaining("faceAs10 is true but faceValues are [1, 1, 1]");
        assertThat(new GeneralPointsTask(List.of(1, 2, 3, 4), false, 24, true, List.of(11, 12, 13)).faceValues())
                .isNull();
    }
}
