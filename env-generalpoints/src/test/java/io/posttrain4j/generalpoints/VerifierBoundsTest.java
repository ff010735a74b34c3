package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierLimits;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * The verifier's decisions beyond the reference table: the stated result, digits outside ASCII, deep nesting, the
 * limits for training, and linear cost on huge responses.
 */
class VerifierBoundsTest {
    /** A, 3, K, 6 with faces as 10: values 1, 3, 10, 6. */
    private static final GeneralPointsTask TEXT = new GeneralPointsTask(List.of(1, 3, 13, 6), true, 24, true);
    private static final GeneralPointsVerifier EXACT = new GeneralPointsVerifier(VerifierMode.EXACT);
    private static final GeneralPointsVerifier REFERENCE = new GeneralPointsVerifier(VerifierMode.REFERENCE);

    private static String formula(String f) {
        return "\"formula\": \"" + f + "\"";
    }

    @Test
    void exactModeChecksTheResultStatedAfterTheEqualsSignWhileReferenceModeIgnoresItAsTheStudyDid() {
        Verdict wrong = EXACT.verify(TEXT, formula("10*3-6*1=25"));
        assertThat(wrong.reward()).isEqualTo(-1);
        assertThat(wrong.success()).isFalse();
        assertThat(wrong.feedback()).isEqualTo("the formula's value is 24 but the answer states '25'.");
        assertThat(EXACT.verify(TEXT, formula("10*3-6*1==24")).feedback())
                .isEqualTo("the formula's value is 24 but the answer states '=24'.");
        assertThat(EXACT.verify(TEXT, formula("10*3-6*1=twenty-four and a very long tail")).feedback())
                .isEqualTo("the formula's value is 24 but the answer states 'twenty-four and a ve...'.");
        for (String fine : List.of("10*3-6*1=24", "10*3-6*1", "10*3-6*1=", "10*3-6*1= 24 ", "10*3-6*1=24.0",
                "10*3-6*1=+24")) {
            assertThat(EXACT.verify(TEXT, formula(fine)).reward()).as(fine).isEqualTo(5);
        }
        for (String stated : List.of("10*3-6*1=25", "10*3-6*1==24", "10*3-6*1=x")) {
            Verdict ref = REFERENCE.verify(TEXT, formula(stated));
            assertThat(ref.reward()).as(stated).isEqualTo(5);
            assertThat(ref.feedback()).isEqualTo("Correct solution.");
        }
    }

    @Test
    void exactModeTreatsDigitsOutsideAsciiAsIllegalCharactersReferenceModeAsPythonDoes() {
        String fullWidth = formula("\uff11\uff10*\uff13-\uff16*\uff11=24");
        assertThat(EXACT.verify(TEXT, fullWidth).reward()).isEqualTo(-3);
        assertThat(EXACT.verify(TEXT, fullWidth).feedback()).isEqualTo("illegal characters.");
        // Python: \d matches them and int() reads them, but eval refuses them; no solver string starts with them.
        assertThat(REFERENCE.verify(TEXT, fullWidth).reward()).isEqualTo(-1);
        assertThat(REFERENCE.verify(TEXT, fullWidth).feedback())
                .isEqualTo("your formula does not match any solution.");
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 1_000, 10_000, 100_000})
    void nestingDepthDoesNotMatterToExactModeAndEveryDepthPast200FailsAlikeInReferenceMode(int depth) {
        String deep = formula("(".repeat(depth) + "10*3-6*1" + ")".repeat(depth) + "=24");
        assertThat(EXACT.verify(TEXT, deep).reward()).isEqualTo(5);
        assertThat(EXACT.verify(TEXT, "{" + deep + "}").reward()).isEqualTo(5);
        Verdict ref = REFERENCE.verify(TEXT, deep);
        Verdict ref201 = REFERENCE.verify(TEXT, formula("(".repeat(201) + "10*3-6*1" + ")".repeat(201) + "=24"));
        assertThat(ref.reward()).isEqualTo(ref201.reward()).isEqualTo(-1);
        assertThat(ref.feedback()).isEqualTo(ref201.feedback());
        assertThat(REFERENCE.verify(TEXT, formula("(".repeat(200) + "10*3-6*1" + ")".repeat(200))).reward())
                .isEqualTo(5);
    }

    @Test
    void withoutLimitsPenaltiesAddUpAsInTheStudyWithTrainingLimitsTheyStopAtTheFloor() {
        String operators = formula("+".repeat(100_000));
        for (VerifierMode mode : VerifierMode.values()) {
            Verdict study = new GeneralPointsVerifier(mode).verify(TEXT, operators);
            assertThat(study.reward()).isEqualTo(-3 * 100_000 - 2);
            assertThat(study.feedback().length()).isGreaterThan(3_000_000);

            // Within the training bound on length (8192 characters), 2000 violations.
            String shorter = formula("+".repeat(2_000));
            Verdict bounded = new GeneralPointsVerifier(mode, VerifierLimits.TRAINING).verify(TEXT, shorter);
            assertThat(bounded.reward()).isEqualTo(-10);
            assertThat(bounded.feedback()).hasSize(256).endsWith("...")
                    .startsWith("invalid sequence after operator, invalid sequence after operator");
            assertThat(bounded.details()).containsEntry("uncappedReward", -6_002.0);
            // Ordinary answers are untouched by the limits.
            GeneralPointsVerifier limited = new GeneralPointsVerifier(mode, VerifierLimits.TRAINING);
            for (String answer : List.of(formula("10*3-6*1=24"), formula("+13*3-6*1"), "garbage")) {
                Verdict a = limited.verify(TEXT, answer);
                Verdict b = new GeneralPointsVerifier(mode).verify(TEXT, answer);
                assertThat(a.reward()).isEqualTo(b.reward());
                assertThat(a.feedback()).isEqualTo(b.feedback());
            }
        }
    }

    @Test
    void aResponseOverTheLengthLimitIsNotReadAndScoresAsOneIllegalFormula() {
        GeneralPointsVerifier v = new GeneralPointsVerifier(VerifierMode.EXACT, new VerifierLimits(-10, 256, 100));
        String answer = formula("10*3-6*1=24") + " ".repeat(100);
        Verdict verdict = v.verify(TEXT, answer);
        assertThat(verdict.reward()).isEqualTo(-3);
        assertThat(verdict.feedback()).isEqualTo("your response is too long (" + answer.length()
                + " characters; at most 100 are judged).");
        assertThat(v.verify(TEXT, formula("10*3-6*1=24")).reward()).isEqualTo(5);
    }

    @Test
    void limitsRejectSettingsThatWouldHideOrdinaryRewards() {
        assertThatThrownBy(() -> new VerifierLimits(-2, 256, 8192)).hasMessageContaining("-2.0")
                .hasMessageContaining("at most -3");
        assertThatThrownBy(() -> new VerifierLimits(Double.NaN, 256, 8192)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new VerifierLimits(-10, 8, 8192)).hasMessageContaining("8")
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> new VerifierLimits(-10, 256, 10)).hasMessageContaining("at least 64");
    }

    @Test
    void hugeResponsesCostLinearTime() {
        String digits = "{\"formula\": \"" + "9".repeat(10_000_000) + "\"}";
        String mixed = formula("12".repeat(2_000_000) + "+" + "0".repeat(3_000_000) + "7");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (GeneralPointsVerifier v : List.of(EXACT, REFERENCE)) {
                Verdict d = v.verify(TEXT, digits);
                assertThat(d.reward()).isEqualTo(-4);
                assertThat(d.feedback()).startsWith("you used invalid numbers: [999").hasSize(10_000_068);
                // Python prints int("0000007") as 7.
                assertThat(v.verify(TEXT, mixed).feedback()).endsWith(", 7], you didn't use numbers: [1, 3, 10, 6].");
            }
        });
    }

    @Test
    void theEnvironmentJudgesWithTrainingLimitsUnlessTheOptionsSayNone() {
        GeneralPointsProvider provider = new GeneralPointsProvider();
        assertThat(GeneralPointsProvider.config("gp-l", Map.of()).limits()).isEqualTo(VerifierLimits.TRAINING);
        assertThat(GeneralPointsProvider.config("gp-l",
                Map.of("rewardFloor", "none", "maxFeedback", "none", "maxResponse", "NONE")).limits())
                .isEqualTo(VerifierLimits.NONE);
        assertThat(GeneralPointsProvider.config("gp-l",
                Map.of("rewardFloor", "-20.5", "maxFeedback", "64", "maxResponse", "1000")).limits())
                .isEqualTo(new VerifierLimits(-20.5, 64, 1000));

        Environment env = provider.create("gp-l", Map.of());
        env.reset(3);
        Step s = env.step(formula("1" + ")".repeat(5_000)));
        assertThat(s.reward()).isEqualTo(-10);
        assertThat(s.feedback()).hasSize(256);
        assertThat(s.observation().lastUserText()).isEqualTo("You failed this trial because " + s.feedback());
        Step tooLong = env.step("x".repeat(10_000));
        assertThat(tooLong.reward()).isEqualTo(-3);
        assertThat(tooLong.feedback())
                .isEqualTo("your response is too long (10000 characters; at most 8192 are judged).");

        Environment study = provider.create("gp-l", Map.of("verifier", "reference", "rewardFloor", "none",
                "maxFeedback", "none", "maxResponse", "none"));
        study.reset(3);
        assertThat(study.step(formula("1" + ")".repeat(50_000))).reward()).isEqualTo(-3 * 50_000 - 2 * 2);
    }

    @Test
    void badLimitOptionsNameTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> GeneralPointsProvider.config("gp-l", Map.of("rewardFloor", "-1")))
                .hasMessage("option rewardFloor of generalpoints must be a number at most -3 (the reward of one"
                        + " illegal formula) or none, got '-1'");
        assertThatThrownBy(() -> GeneralPointsProvider.config("gp-l", Map.of("rewardFloor", "low")))
                .hasMessageContaining("got 'low'");
        assertThatThrownBy(() -> GeneralPointsProvider.config("gp-l", Map.of("maxFeedback", "10")))
                .hasMessage("option maxFeedback of generalpoints must be a whole number of characters, at least 32,"
                        + " or none, got '10'");
        assertThatThrownBy(() -> GeneralPointsProvider.config("gp-l", Map.of("maxResponse", "1e6")))
                .hasMessageContaining("maxResponse").hasMessageContaining("at least 64")
                .hasMessageContaining("'1e6'");
    }
}
