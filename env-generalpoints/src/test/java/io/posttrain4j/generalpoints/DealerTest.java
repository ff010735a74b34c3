package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.Dealer;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.Solver;
import io.posttrain4j.generalpoints.game.SuitSet;

class DealerTest {
    @Test
    void equalSeedsDealEqualHands() {
        Dealer dealer = new Dealer(FaceRule.AS_10, false, SuitSet.MIXED, 24);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(dealer.deal(new SplittableRandom(seed))).isEqualTo(dealer.deal(new SplittableRandom(seed)));
        }
    }

    @Test
    void inDistributionDealingDrawsEveryRankAndEverySuitWithDuplicatesAndOnlySolvableHands() {
        Dealer dealer = new Dealer(FaceRule.AS_10, false, SuitSet.MIXED, 24);
        SplittableRandom rng = new SplittableRandom(7);
        int[] ranks = new int[14];
        int[] suits = new int[4];
        int withDuplicates = 0;
        for (int i = 0; i < 2000; i++) {
            List<Card> hand = dealer.deal(rng);
            hand.forEach(c -> {
                ranks[c.rank()]++;
                suits[c.suit().ordinal()]++;
            });
            if (hand.stream().map(Card::rank).distinct().count() < 4) {
                withDuplicates++;
            }
            assertThat(Solver.isSolvable(hand.stream().map(c -> FaceRule.AS_10.value(c.rank())).toList(), 24))
                    .isTrue();
        }
        for (int r = 1; r <= 13; r++) {
            assertThat(ranks[r]).as("rank " + r).isGreaterThan(300);
        }
        for (int s : suits) {
            assertThat(s).isBetween(1800, 2200);
        }
        // Independent uniform ranks repeat one in about 4 hands (1 - 13*12*11*10/13^4 = 0.40 before rejection).
        assertThat(withDuplicates).isGreaterThan(400);
    }

    @Test
    void ruleOodDealingForcesAFaceCardAtAnyPosition() {
        Dealer dealer = new Dealer(FaceRule.AS_11_12_13, true, SuitSet.BLACK, 24);
        SplittableRandom rng = new SplittableRandom(9);
        int[] facePositions = new int[4];
        for (int i = 0; i < 1000; i++) {
            List<Card> hand = dealer.deal(rng);
            assertThat(hand).anyMatch(Card::isFace).allMatch(c -> !c.suit().red());
            for (int p = 0; p < 4; p++) {
                if (hand.get(p).isFace()) {
                    facePositions[p]++;
                }
            }
        }
        for (int count : facePositions) {
            assertThat(count).isGreaterThan(250);
        }
    }

    @Test
    void badTargetsAreNamed() {
        assertThatThrownBy(() -> new Dealer(FaceRule.AS_10, false, SuitSet.RED, 0)).hasMessageContaining("0");
        assertThat(Dealer.anySolvable(FaceRule.AS_10, false, 24)).isTrue();
        assertThat(Dealer.anySolvable(FaceRule.AS_10, true, 999_999)).isFalse();
    }
}
