package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentChecker;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.Solver;
import io.posttrain4j.generalpoints.game.SuitSet;

class GeneralPointsEnvironmentTest {
    private final GeneralPointsProvider provider = new GeneralPointsProvider();

    @Test
    void everyVariantPassesTheEnvironmentChecker() {
        for (Variant v : provider.variants()) {
            EnvironmentChecker.check(() -> provider.create(v.name(), Map.of())).throwIfFailed();
            EnvironmentChecker.check(() -> provider.create(v.name(),
                    Map.of("prompt", "compact", "image", "small", "verifier", "reference"))).throwIfFailed();
        }
    }

    @Test
    void aFailedAttemptAddsTheAnswerAndTheReferenceRevisionTurn() {
        Environment env = provider.create("gp-l", Map.of());
        Observation first = env.reset(3);
        Step s = env.step("\"formula\": \"1+1\"");
        assertThat(s.done()).isFalse();
        assertThat(s.observation().messages()).hasSize(3);
        assertThat(s.observation().messages().get(1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(s.observation().messages().get(1).text()).isEqualTo("\"formula\": \"1+1\"");
        assertThat(s.observation().lastUserText()).isEqualTo("You failed this trial because " + s.feedback());
        assertThat(s.observation().messages().get(0)).isEqualTo(first.messages().get(0));
    }

    @Test
    void fiveFailedAttemptsAreFollowedByOneUnscoredTruncatedTurn() {
        Environment env = provider.create("gp-l", Map.of());
        env.reset(11);
        for (int i = 1; i <= 5; i++) {
            Step s = env.step("garbage");
            assertThat(s.reward()).isEqualTo(-3);
            assertThat(s.done()).as("attempt " + i).isFalse();
        }
        Step last = env.step("\"formula\": \"anything\"");
        assertThat(last.reward()).isEqualTo(-1);
        assertThat(last.truncated()).isTrue();
        assertThat(last.terminated()).isFalse();
        assertThat(last.feedback()).isEqualTo("step_limit_reached");
        assertThat(env.episodeMetrics()).containsEntry("success", Tally.of(false));
        assertThatThrownBy(() -> env.step("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the episode ended");
    }

    @Test
    void withoutTheUnscoredTurnOneAttemptEndsTheEpisodeAtOnce() {
        Environment env = provider.create("gp-l", Map.of("verifyIter", "1", "finalUnscoredTurn", "false"));
        env.reset(5);
        Step s = env.step("garbage");
        assertThat(s.truncated()).isTrue();
        assertThat(s.reward()).isEqualTo(-3);
    }

    @Test
    void theExpertSucceedsAfterAFailedAttemptAndTheEpisodeTerminates() {
        GeneralPointsEnvironment env = (GeneralPointsEnvironment) provider.create("gp-vl", Map.of());
        env.reset(21);
        assertThat(env.step("\"cards\": ['A', 'A', 'A', 'A'], \"formula\": \"1\"").reward()).isEqualTo(-1.5);
        Step s = env.step(env.expertAnswer());
        assertThat(s.terminated()).isTrue();
        assertThat(s.success()).isTrue();
        assertThat(s.reward()).isEqualTo(5);
        assertThat(env.episodeMetrics()).containsEntry("success", Tally.of(true))
                .containsEntry("card_accuracy", new Tally(1, 2));
        assertThat(s.observation().images()).hasSize(1);
        assertThat(s.observation().messages().get(0).images()).hasSize(1);
    }

    @Test
    void expertAnswerIsTheFirstSolverFormulaInTheReferenceLayout() {
        GeneralPointsEnvironment env = (GeneralPointsEnvironment) provider.create("gp-l", Map.of());
        env.reset(1);
        String first = Solver.firstSolution(env.task().cardValues(), 24).orElseThrow();
        assertThat(env.expertAnswer()).startsWith("\n{\n  \"cards\": ")
                .endsWith("  \"formula\": \"" + first + "=24\",\n}");
    }

    @Test
    void equalSeedsDealEqualHandsAndRuleOodHandsHoldAFaceCard() {
        GeneralPointsEnvironment a = (GeneralPointsEnvironment) provider.create("gp-l-rule-ood", Map.of());
        GeneralPointsEnvironment b = (GeneralPointsEnvironment) provider.create("gp-l-rule-ood", Map.of());
        for (long seed = 0; seed < 50; seed++) {
            assertThat(a.reset(seed)).isEqualTo(b.reset(seed));
            assertThat(a.hand()).isEqualTo(b.hand()).anyMatch(Card::isFace);
            assertThat(Solver.isSolvable(a.task().cardValues(), 24)).isTrue();
        }
    }

    @Test
    void suitsFollowTheVariant() {
        GeneralPointsEnvironment black = (GeneralPointsEnvironment) provider.create("gp-vl", Map.of());
        GeneralPointsEnvironment red = (GeneralPointsEnvironment) provider.create("gp-vl-visual-ood",
                Map.of("image", "small"));
        for (long seed = 0; seed < 30; seed++) {
            black.reset(seed);
            red.reset(seed);
            assertThat(black.hand()).allMatch(c -> !c.suit().red());
            assertThat(red.hand()).allMatch(c -> c.suit().red());
        }
    }

    @Test
    void stepBeforeResetFailsWithAMessage() {
        Environment env = provider.create("gp-l", Map.of());
        assertThatThrownBy(() -> env.step("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before reset");
        assertThatThrownBy(() -> ((GeneralPointsEnvironment) env).expertAnswer())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textVariantsHaveNoImageAndNoCardAccuracy() {
        Environment env = provider.create("gp-l", Map.of("prompt", "compact"));
        Observation o = env.reset(2);
        assertThat(o.images()).isEmpty();
        assertThat(o.lastUserText()).startsWith("Cards: [");
        assertThat(env.episodeMetrics()).containsOnlyKeys("success");
        Environment vl = provider.create("gp-vl", Map.of());
        assertThat(vl.reset(2).images()).hasSize(1);
        assertThat(vl.episodeMetrics()).containsOnlyKeys("success", "card_accuracy");
    }

    @Test
    void anUnreachableTargetIsRejectedWhenTheEnvironmentIsCreated() {
        assertThatThrownBy(() -> provider.create("gp-l", Map.of("target", "999999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("999999");
        Environment env = provider.create("gp-l", Map.of("target", "10", "prompt", "compact"));
        assertThat(env.reset(4).lastUserText()).contains("Target: 10");
    }

    @Test
    void rulesOfTheDealAreThoseOfTheTable() {
        List<String> names = provider.variants().stream().map(Variant::name).toList();
        assertThat(names).containsExactly("gp-l", "gp-l-rule-ood", "gp-vl", "gp-vl-rule-ood", "gp-vl-visual-ood");
        assertThat(GeneralPointsProvider.config("gp-vl-rule-ood", Map.of()))
                .returns(FaceRule.AS_11_12_13, GeneralPointsConfig::rule)
                .returns(true, GeneralPointsConfig::forceFace)
                .returns(SuitSet.BLACK, GeneralPointsConfig::suits);
        assertThat(GeneralPointsProvider.config("gp-l", Map.of()))
                .returns(FaceRule.AS_10, GeneralPointsConfig::rule)
                .returns(false, GeneralPointsConfig::forceFace)
                .returns(SuitSet.MIXED, GeneralPointsConfig::suits);
    }
}
