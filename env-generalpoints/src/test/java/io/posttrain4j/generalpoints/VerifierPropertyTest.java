package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierMode;

class VerifierPropertyTest {
    private static final Set<Double> REWARDS_AFTER_CARDS = Set.of(5.0, 1.0, 0.0, -1.0);

    @Property(tries = 300)
    void theVerifierNeverThrowsOnArbitraryText(@ForAll("tasks") GeneralPointsTask task,
            @ForAll String response) {
        for (VerifierMode mode : VerifierMode.values()) {
            Verdict v = new GeneralPointsVerifier(mode).verify(task, response);
            assertThat(v.feedback()).isNotNull();
        }
    }

    @Property(tries = 600)
    void theVerifierNeverThrowsOnFormulaLikeTextAndRewardsStayInTheTable(@ForAll("tasks") GeneralPointsTask task,
            @ForAll("formulaAnswers") String response) {
        for (VerifierMode mode : VerifierMode.values()) {
            Verdict v = new GeneralPointsVerifier(mode).verify(task, response);
            double r = v.reward();
            boolean penalties = r < 0 && (r == -1.5 || r == Math.rint(r));
            assertThat(REWARDS_AFTER_CARDS.contains(r) || penalties).as(response + " -> " + r).isTrue();
            assertThat(v.success()).isEqualTo(r == 5);
        }
    }

    @Provide
    Arbitrary<GeneralPointsTask> tasks() {
        Arbitrary<List<Integer>> ranks = Arbitraries.integers().between(1, 13).list().ofSize(4);
        return Combinators.combine(ranks, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((r, face, lang) -> new GeneralPointsTask(r, face, 24, lang));
    }

    @Provide
    Arbitrary<String> formulaAnswers() {
        Arbitrary<String> formula = Arbitraries.strings().withChars("0123456789+-*/()= x.\u0663")
                .ofMaxLength(30);
        Arbitrary<String> cards = Arbitraries.of("['A', '3', 'K', '6']", "[1, 2, 3, 4]", "['10', 'J', 'Q', 'K']", "[]",
                "['A']", "[\"A\", \"3\", \"K\", \"6\"]");
        return Combinators.combine(formula, cards, Arbitraries.integers().between(0, 3)).as((f, c, shape) ->
                switch (shape) {
                    case 0 -> "\"formula\": \"" + f + "\"";
                    case 1 -> "\"cards\": " + c + ", \"formula\": \"" + f + "\"";
                    case 2 -> "{\"cards\": " + c + ", \"formula\": \"" + f + "\"}";
                    default -> "{\"formula\": " + f + "}";
                });
    }
}
