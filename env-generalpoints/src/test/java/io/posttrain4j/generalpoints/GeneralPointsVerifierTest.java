package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/** The reference's verifier table, case by case, in both modes; the mode differences are the documented ones. */
class GeneralPointsVerifierTest {
    /** A, 3, K, 6 with faces as 10: values 1, 3, 10, 6. */
    private static final GeneralPointsTask TEXT = new GeneralPointsTask(List.of(1, 3, 13, 6), true, 24, true);
    private static final GeneralPointsTask VISION = new GeneralPointsTask(List.of(1, 3, 13, 6), true, 24, false);
    private static final GeneralPointsVerifier EXACT = new GeneralPointsVerifier(VerifierMode.EXACT);
    private static final GeneralPointsVerifier REFERENCE = new GeneralPointsVerifier(VerifierMode.REFERENCE);

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\n{\n  \"cards\": ['A', '3', 'K', '6'],\n  \"number\": [1, 3, 10, 6],\n  \"formula\": \"10*3-6*1=24\",\n}`"
                + " | 5 | Correct solution.",
        "`\"formula\": \"10*3-6*1=24\"` | 5 | Correct solution.",
        "`{\"formula\": \"(1+3)*(10-6)\"}` | -1 | (1 is partially correct but the full formula does not match"
                + " any solution.",
        "`\"formula\": \"10 * 3 - 6 * 1 = 24\"` | -3 | illegal characters.",
        "`\"formula\": \"10x3-6x1=24\"` | -3 | illegal characters.",
        "`no formula here` | -3 | illegal characters.",
        "`{\"formula\": 24}` | -3 | illegal characters.",
        "`\"formula\": \"10*3--6*1=24\"` | -3 | invalid sequence after operator.",
        "`\"formula\": \"10*3-6*1)=24\"` | -3 | unmatched closing parenthesis.",
        "`\"formula\": \"(10)(3)-6*1=24\"` | -6 | invalid sequence before '(', unmatched closing parenthesis.",
        "`\"formula\": \"10 3-6*1\"` | -3 | illegal characters.",
        "`\"formula\": \"10*3-6*1*1=24\"` | -2 | you used numbers: [1] too many times.",
        "`\"formula\": \"10*3-6=24\"` | -2 | you didn't use numbers: [1].",
        "`\"formula\": \"13*3-6*1=24\"` | -4 | you used invalid numbers: [13], you didn't use numbers: [10].",
        "`\"formula\": \"13*3-(6*1)=24\"` | -4 | you used invalid numbers: [13], you didn't use numbers: [10].",
        "`\"formula\": \"+13*3-6*1\"` | -7 | invalid sequence after operator, you used invalid numbers: [13],"
                + " you didn't use numbers: [10].",
        "`\"formula\": \"\"` | -2 | you didn't use numbers: [1, 3, 10, 6].",
        "`\"formula\": \"010*3-6*1=24\"` | -1 | your formula does not match any solution.",
        "`\"formula\": \"1*(10*3-6)=24\"` | 5 | Correct solution.",
    })
    void bothModesAgreeOnTheReferenceTable(String response, double reward, String feedback) {
        for (GeneralPointsVerifier v : List.of(EXACT, REFERENCE)) {
            Verdict verdict = v.verify(TEXT, response);
            assertThat(verdict.feedback()).as(v.mode() + ": " + response).isEqualTo(feedback);
            assertThat(verdict.reward()).as(v.mode() + ": " + response).isEqualTo(reward);
            assertThat(verdict.success()).isEqualTo(reward == 5);
        }
    }

    @Test
    void visionTasksCheckTheRecognisedCardsFirstWithoutAFinalPeriod() {
        String right = "\"cards\": ['K', '3', 'A', '6'], \"formula\": \"10*3-6*1=24\"";
        String wrong = "\"cards\": ['A', '3', 'Q', '6'], \"formula\": \"10*3-6*1=24\"";
        String numbers = "\"cards\": [1, 3, 10, 6], \"formula\": \"10*3-6*1=24\"";
        String strictJson = "{\"cards\": [\"A\", \"3\", \"K\", \"6\"], \"formula\": \"10*3-6*1=24\"}";
        for (GeneralPointsVerifier v : List.of(EXACT, REFERENCE)) {
            assertThat(v.verify(VISION, right).reward()).isEqualTo(5);
            for (String bad : List.of(wrong, numbers, strictJson, "\"formula\": \"10*3-6*1=24\"")) {
                Verdict verdict = v.verify(VISION, bad);
                assertThat(verdict.reward()).as(bad).isEqualTo(-1.5);
                assertThat(verdict.feedback()).isEqualTo("you recognized wrong cards");
            }
            // Text tasks ignore the cards field.
            assertThat(v.verify(TEXT, wrong).reward()).isEqualTo(5);
        }
    }

    @Test
    void tenIsNamedTenNotT() {
        GeneralPointsTask tens = new GeneralPointsTask(List.of(10, 10, 4, 4), true, 24, false);
        String answer = "\"cards\": ['10', '10', '4', '4'], \"formula\": \"(10*10-4)/4=24\"";
        assertThat(EXACT.verify(tens, answer).reward()).isEqualTo(5);
        assertThat(EXACT.verify(tens, answer.replace("'10'", "'T'")).reward()).isEqualTo(-1.5);
    }

    @Test
    void exactModeAcceptsFormulasThatFloatingPointMisses() {
        GeneralPointsTask task = new GeneralPointsTask(List.of(3, 3, 8, 8), true, 24, true);
        String answer = "\"formula\": \"8/(3-8/3)=24\"";
        assertThat(EXACT.verify(task, answer).feedback()).isEqualTo("Correct solution.");
        Verdict ref = REFERENCE.verify(task, answer);
        // Python: 8/(3-8/3) == 23.99999999999999, and every prefix matches the solver's string: no message at all.
        assertThat(ref.reward()).isZero();
        assertThat(ref.feedback()).isEqualTo(".");
        assertThat(ref.details()).containsEntry("value", "23.99999999999999");
    }

    @Test
    void exactModeFlagsAnUnclosedParenthesisWhereTheReferenceGivesPartialCredit() {
        String open = "\"formula\": \"1*(10*3-6=24\"";
        assertThat(REFERENCE.verify(TEXT, open).feedback()).isEqualTo("partial solution.");
        assertThat(REFERENCE.verify(TEXT, open).reward()).isEqualTo(1);
        assertThat(EXACT.verify(TEXT, open).feedback()).isEqualTo("unmatched opening parenthesis.");
        assertThat(EXACT.verify(TEXT, open).reward()).isEqualTo(-3);

        String doubleOpen = "\"formula\": \"((10*3-6)*1=24\"";
        assertThat(REFERENCE.verify(TEXT, doubleOpen).feedback())
                .isEqualTo("( is partially correct but the full formula does not match any solution.");
        assertThat(EXACT.verify(TEXT, doubleOpen).feedback()).isEqualTo("unmatched opening parenthesis.");
    }

    @Test
    void divisionByZeroIsAFailedEvaluationNotACrash() {
        GeneralPointsTask task = new GeneralPointsTask(List.of(2, 2, 5, 7), true, 24, true);
        for (GeneralPointsVerifier v : List.of(EXACT, REFERENCE)) {
            Verdict verdict = v.verify(task, "\"formula\": \"5/(2-2)+7\"");
            assertThat(verdict.reward()).isEqualTo(-1);
            assertThat(verdict.details()).doesNotContainKey("value");
        }
    }

    @Test
    void detailsCarryTheParsedFormulaAndTheMessages() {
        Verdict v = EXACT.verify(TEXT, "\"formula\": \"13*3-6*1=24\"");
        assertThat(v.details()).containsEntry("mode", "exact").containsEntry("formula", "13*3-6*1")
                .containsEntry("messages", List.of("you used invalid numbers: [13]", "you didn't use numbers: [10]"));
    }
}
