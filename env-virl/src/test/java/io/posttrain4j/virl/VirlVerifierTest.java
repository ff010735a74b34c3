package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;
import io.posttrain4j.virl.verify.VirlTask;
import io.posttrain4j.virl.verify.VirlVerifier;

class VirlVerifierTest {
    private final VirlVerifier verifier = new VirlVerifier();
    private final VirlTask forward = VirlTask.of("forward()", "No landmarks nearby");
    private final VirlTask turnAtIntersection = VirlTask.of("turn_direction(north)", "Hotel 32One is on your right behind");

    static String answer(String obs, String action) {
        return "{\n  \"current observation\": \"" + obs + "\",\n  \"current instruction\": \"x\",\n  \"action\": \""
                + action + "\",\n}";
    }

    @Test
    void exactActionEarnsOneWithTheReferenceFeedback() {
        Verdict v = verifier.verify(forward, answer("No landmarks nearby", "forward()"));
        assertThat(v.reward()).isEqualTo(1.0);
        assertThat(v.success()).isTrue();
        assertThat(v.feedback()).isEqualTo("Correct action.");
    }

    @Test
    void claimingAnIntersectionWhereTheLandmarkTextHasNoneCostsOneAndAHalf() {
        Verdict v = verifier.verify(forward, answer("I observe an intersection", "turn_direction(west)"));
        assertThat(v.reward()).isEqualTo(-1.5);
        assertThat(v.feedback()).startsWith(
                "you are not at any intersection. Please avoid this observation and try again in the same format:\n[Output]\n{{\n");
        assertThat(v.feedback()).endsWith("chosen from the action space,\n}}.");
    }

    @Test
    void theReferenceComparesWithTheLandmarkTextOnlySoAtATurnTheClaimIsAlsoPenalised() {
        Verdict v = verifier.verify(turnAtIntersection, answer("Hotel 32One is on my right behind; I observe an intersection",
                "forward()"));
        assertThat(v.reward()).isEqualTo(-1.5);
        assertThat(v.details()).containsEntry("case", "not_at_intersection");
    }

    @Test
    void missingAnIntersectionNamedInTheLandmarkTextCostsOneAndAHalf() {
        VirlTask t = VirlTask.of("turn_direction(east)", "You observe an intersection");
        Verdict v = verifier.verify(t, answer("No landmarks nearby", "forward()"));
        assertThat(v.reward()).isEqualTo(-1.5);
        assertThat(v.feedback()).startsWith("you are at an intersection. Please avoid this observation");
    }

    @Test
    void anyOtherWrongAnswerCostsOne() {
        Verdict v = verifier.verify(forward, answer("No landmarks nearby", "stop()"));
        assertThat(v.reward()).isEqualTo(-1.0);
        assertThat(v.feedback()).isEqualTo(VirlVerifier.FEEDBACK_WRONG_ACTION);
        assertThat(v.feedback()).startsWith("you make incorrect action. Please avoid this action and try again in the same format:\n[Output]");
        assertThat(verifier.verify(forward, "garbage").reward()).isEqualTo(-1.0);
        assertThat(verifier.verify(forward, "").details()).containsEntry("action", "None");
    }

    @Test
    void validJsonIsReadFirstAndTheFirstPatternMatchOtherwise() {
        assertThat(verifier.verify(forward, "{\"action\": \"forward()\", \"current observation\": \"x\"}").reward())
                .isEqualTo(1.0);
        assertThat(verifier.verify(forward, "\"action\": \"forward()\" then \"action\": \"stop()\"").reward())
                .isEqualTo(1.0);
        assertThat(verifier.verify(forward, "\"action\": \"stop()\" then \"action\": \"forward()\"").reward())
                .isEqualTo(-1.0);
        // '.' does not cross a line feed, as in Python
        assertThat(verifier.verify(forward, "\"action\": \"forw\nard()\"").details()).containsEntry("action", "None");
    }

    @Test
    void compactAnswersAreReadFromTheirLines() {
        VirlTask t = new VirlTask("forward()", "No landmarks nearby", "compact");
        assertThat(verifier.verify(t, "obs: -\nins: 2\nact: forward()").reward()).isEqualTo(1.0);
        assertThat(verifier.verify(t, "obs: -; intersection\nact: stop()").reward()).isEqualTo(-1.5);
        assertThat(verifier.verify(t, "obs: -\nact: stop()").feedback()).isEqualTo("wrong action");
    }

    @Test
    void providerIsDiscoveredAndItsTaskReadsFromJson() throws Exception {
        @SuppressWarnings("rawtypes")
        VirlVerifierProvider p = (VirlVerifierProvider) Verifiers.discover().get("virl");
        assertThat(p.modes()).isEqualTo(List.of("reference"));
        VirlTask t = new ObjectMapper().readValue(
                "{\"correctAction\": \"stop()\", \"landmarkText\": \"The destination X is on your left\"}", p.taskType());
        assertThat(t.answerFormat()).isEqualTo("reference");
        assertThat(p.create("reference").verify(t, answer("x", "stop()")).reward()).isEqualTo(1.0);
        VirlTask back = new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(t), VirlTask.class);
        assertThat(back).isEqualTo(t);
    }
}
