package io.posttrain4j.generalpoints.game;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One GeneralPoints hand as the verifier sees it; a record that Jackson reads from JSON such as
 * {@code {"ranks":[12,3,9,9],"faceAs10":true,"target":24,"languageOnly":true}}. A face-card mapping other than
 * the study's two adds {@code "faceValues":[1,1,1]} (J, Q, K) with {@code "faceAs10":false}.
 *
 * @param ranks the 4 card ranks, each 1 (A) to 13 (K), in dealt order
 * @param faceAs10 whether J, Q, K count as 10 (in-distribution) or as 11, 12, 13 (rule OOD)
 * @param target the number to make, positive
 * @param languageOnly true for GP-L; false for GP-VL, where the response must also name the cards it saw
 * @param faceValues the values of J, Q and K when they are neither the study's 10 nor 11, 12, 13; null (and so
 *     absent from JSON) for those two, which {@code faceAs10} names
 */
public record GeneralPointsTask(List<Integer> ranks, boolean faceAs10, int target, boolean languageOnly,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> faceValues) {
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
        if (faceValues != null) {
            FaceRule rule = FaceRule.of(faceValues);
            if (faceAs10 && rule != FaceRule.AS_10) {
                throw new IllegalArgumentException("faceAs10 is true but faceValues are " + faceValues
                        + "; give faceValues with faceAs10 false, or faceAs10 true alone");
            }
            faceValues = rule == FaceRule.AS_10 || rule == FaceRule.AS_11_12_13 ? null : rule.values();
        }
    }

    /** A task under one of the study's two rules. */
    public GeneralPointsTask(List<Integer> ranks, boolean faceAs10, int target, boolean languageOnly) {
        this(ranks, faceAs10, target, languageOnly, null);
    }

    /** The task for a dealt hand. */
    public static GeneralPointsTask of(List<Card> hand, FaceRule rule, int target, boolean languageOnly) {
        return new GeneralPointsTask(hand.stream().map(Card::rank).toList(), rule == FaceRule.AS_10, target,
                languageOnly, rule.values());
    }

    /** The face rule: {@link #faceValues} when given, else the study's rule that {@link #faceAs10} names. */
    public FaceRule faceRule() {
        return faceValues != null ? FaceRule.of(faceValues) : FaceRule.of(faceAs10);
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
