package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.virl.verify.VirlVerifier;

class VirlEnvironmentTest {
    private static VirlEnvironment env(Map<String, String> options) {
        return (VirlEnvironment) new VirlProvider().create("virl-l", options);
    }

    @Test
    void stepBeforeResetAndAfterTheEndFailWithAMessage() {
        VirlEnvironment e = env(Map.of());
        assertThatThrownBy(() -> e.step("forward()")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before reset");
        e.reset(3);
        Step s;
        do {
            s = e.step(e.expertAnswer());
        } while (!s.done());
        assertThatThrownBy(() -> e.step("forward()")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the episode ended");
    }

    @Test
    void wrongAnswersAreNotExecutedAndTheThirdGenerationTruncates() {
        VirlEnvironment e = env(Map.of());
        Observation first = e.reset(5);
        int position = e.railPosition();
        Step a = e.step("{\"current observation\": \"nothing\", \"action\": \"stop()\"}");
        assertThat(a.reward()).isEqualTo(-1.0);
        assertThat(a.done()).isFalse();
        assertThat(e.railPosition()).isEqualTo(position);
        assertThat(a.observation().messages()).hasSize(3);
        assertThat(a.observation().messages().get(1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(a.observation().lastUserText()).isEqualTo("You failed this trial because " + VirlVerifier.FEEDBACK_WRONG_ACTION);
        Step b = e.step("\"current observation\": \"I observe an intersection\"");
        assertThat(b.reward()).isEqualTo(-1.5);
        assertThat(b.observation().userTurns()).isEqualTo(3);
        Step c = e.step(e.expertAnswer());
        assertThat(c.reward()).isEqualTo(-1.0);
        assertThat(c.truncated()).isTrue();
        assertThat(c.terminated()).isFalse();
        assertThat(c.feedback()).isEqualTo("Exceed maximum verify steps");
        assertThat(c.observation()).isEqualTo(first);
        assertThat(e.episodeMetrics().get("step_accuracy")).isEqualTo(new io.posttrain4j.core.env.Tally(0, 2));
        assertThat(e.episodeMetrics().get("success").rate()).isZero();
    }

    @Test
    void aCorrectAnswerAfterAFailureMovesOnWithAFreshSingleTurnPrompt() {
        VirlEnvironment e = env(Map.of());
        e.reset(8);
        e.step("nonsense");
        Step ok = e.step(e.expertAnswer());
        assertThat(ok.reward()).isEqualTo(1.0);
        assertThat(ok.feedback()).isEqualTo("Correct action.");
        assertThat(ok.observation().messages()).hasSize(1);
        assertThat(e.railPosition()).isEqualTo(1);
        assertThat(e.episodeMetrics().get("step_accuracy")).isEqualTo(new io.posttrain4j.core.env.Tally(1, 2));
    }

    @Test
    void verifyIterSetsTheNumberOfScoredAttempts() {
        VirlEnvironment e = env(Map.of("verifyIter", "1"));
        e.reset(2);
        assertThat(e.step("x").done()).isFalse();
        assertThat(e.step("x").truncated()).isTrue();
    }

    @Test
    void headingZeroMeansARandomSeededHeadingPerReset() {
        String file = VirlGoldenTest.routeFile();
        VirlEnvironment e = env(Map.of("routes", file));
        Set<Integer> headings = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            e.reset(seed);
            headings.add(e.rail().points().get(0).heading());
        }
        assertThat(headings.size()).isGreaterThan(10);
        e.reset(7);
        int h = e.rail().points().get(0).heading();
        e.reset(7);
        assertThat(e.rail().points().get(0).heading()).isEqualTo(h);
    }

    @Test
    void dropRateRemovesForwardPointsButKeepsTurnsAndTheDestination() {
        VirlEnvironment keep = env(Map.of("routes", VirlGoldenTest.routeFile(), "dropRate", "0"));
        VirlEnvironment drop = env(Map.of("routes", VirlGoldenTest.routeFile(), "dropRate", "1"));
        keep.reset(1);
        drop.reset(1);
        assertThat(keep.rail().points()).hasSize(12);
        assertThat(drop.rail().points()).hasSize(4);
    }

    @Test
    void compactStyleIsShortAndItsExpertIsRewarded() {
        VirlEnvironment ref = env(Map.of());
        VirlEnvironment compact = env(Map.of("prompt", "compact"));
        String longText = ref.reset(4).lastUserText();
        String shortText = compact.reset(4).lastUserText();
        assertThat(shortText.length() * 3).isLessThan(longText.length());
        assertThat(compact.expertAnswer()).startsWith("obs: -\nins: 1\nact: turn_direction(");
        Step s;
        do {
            s = compact.step(compact.expertAnswer());
            assertThat(s.reward()).isEqualTo(1.0);
        } while (!s.done());
        assertThat(s.success()).isTrue();
    }

    @Test
    void metricsKeepTheirNamesEveryEpisode() {
        VirlEnvironment e = env(Map.of());
        e.reset(1);
        assertThat(e.episodeMetrics()).containsOnlyKeys("success", "step_accuracy");
        e.step("x");
        assertThat(e.episodeMetrics()).containsOnlyKeys("success", "step_accuracy");
    }
}
