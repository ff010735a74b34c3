package io.posttrain4j.generalpoints.game;

import java.util.List;
import java.util.Objects;


/**
 * One GeneralPoints hand as the verifier sees it; a record that Jackson reads from JSON such as
 * {@code {"ranks":[12,3,9,9],"faceAs10":true,"target":24,"languageOnly":true}}.
 *
 * @param ranks the 4 card ranks, each 1 (A) to 13 (K), in dealt order
 * @param faceAs10 whether J, Q, K count as 10 (in-distribution) or as 11, 12, 13 (rule OOD)
 * @param target the number to make, positive
 * @param languageOnly true for GP-L; false for GP-VL, where the response must also name the cards it saw
 */
public record GeneralPointsTask(List<Integer> ranks, boolean faceAs10, int target, boolean languageOnly) {
    public GeneralPointsTask {
        Objects.requireNonNull(ranks, "ranks");
        if (ranks.size() != 4) {
            throw new IllegalArgumentException("a GeneralPoints task needs exactly 4 ranks, got " + ranks);
        }
        for (Integer r : ranks) {
            if (r == null || r < 1 || r > 13) {
                throw new IllegalArgumentException("ranks must each be in 1..13 (A..K), got " + ranks);
            }
        }
        ranks = List.copyOf(ranks);
        if (target <= 0 || target > Solver.MAX_TARGET) {
            throw new IllegalArgumentException("target must be in 1.." + Solver.MAX_TARGET + ", got " + target);
        }
    }

    /** The task for a dealt hand. */
    public static GeneralPointsTask of(List<Card> hand, FaceRule rule, int target, boolean languageOnly) {
        return new GeneralPointsTask(hand.stream().map(Card::rank).toList(), rule == FaceRule.AS_10, target,
                languageOnly);
    }

    /** The face rule of the flag {@link #faceAs10}. */
    public FaceRule faceRule() {
        return FaceRule.of(faceAs10);
    }

    /** The numbers the cards stand for, in dealt order (the reference's {@code cards_num}). */
    public List<Integer> cardValues() {
        FaceRule rule = faceRule();
        return ranks.stream().map(rule::value).toList();
    }

    /** The true card names, A, 2..10, J, Q, K, in dealt order (the reference's {@code Plain Cards}). */
    public List<String> cardNames() {
        return ranks.stream().map(Card::nameOf).toList();
    }

    /** The reference solver's formulas for this hand. */
    public List<String> solutions() {
        return Solver.solutions(cardValues(), target);
    }
}
