package io.posttrain4j.generalpoints.game;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;


/**
 * Deals hands the way the reference does: each rank uniform in 1..13 (duplicates possible), each suit uniform in
 * the suit set, unsolvable hands redrawn. With {@code forceFace} (the rule-OOD dealing) three ranks are uniform in
 * 1..13 and one is uniform in 11..13, then the four are shuffled, so every hand holds a J, Q or K.
 *
 * <p>All randomness comes from the {@link SplittableRandom} passed in, so equal seeds deal equal hands.
 */
public final class Dealer {
    /** Draws before giving up on a target for which (almost) no hand is solvable. */
    static final int MAX_DRAWS = 100_000;

    private final FaceRule rule;
    private final boolean forceFace;
    private final SuitSet suits;
    private final int target;

    /**
     * @param rule how faces count, which decides solvability
     * @param forceFace the reference's OOD dealing (one card forced into J, Q, K)
     * @param suits the suit set
     * @param target the number to make
     */
    public Dealer(FaceRule rule, boolean forceFace, SuitSet suits, int target) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.forceFace = forceFace;
        this.suits = Objects.requireNonNull(suits, "suits");
        if (target <= 0 || target > Solver.MAX_TARGET) {
            throw new IllegalArgumentException("target must be in 1.." + Solver.MAX_TARGET + ", got " + target);
        }
        this.target = target;
    }

    /**
     * Deals a solvable hand of 4 cards.
     *
     * @throws IllegalStateException if no solvable hand turned up in {@value #MAX_DRAWS} draws (an unreachable
     *     target)
     */
    public List<Card> deal(SplittableRandom rng) {
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            List<Card> hand = draw(rng);
            if (Solver.isSolvable(values(hand), target)) {
                return hand;
            }
        }
        throw new IllegalStateException("no solvable hand for target " + target + " under rule " + rule + " after "
                + MAX_DRAWS + " draws; choose a reachable target (24 is the reference's)");
    }

    /**
     * Whether any hand can be dealt: some multiset of ranks (holding a J, Q or K under {@code forceFace}) is
     * solvable for {@code target} under {@code rule}. Lets callers reject an unreachable target up front.
     */
    public static boolean anySolvable(FaceRule rule, boolean forceFace, int target) {
        for (int a = 1; a <= 13; a++) {
            for (int b = a; b <= 13; b++) {
                for (int c = b; c <= 13; c++) {
                    for (int d = c; d <= 13; d++) {
                        if (forceFace && d < 11) {
                            continue;
                        }
                        List<Integer> values = List.of(rule.value(a), rule.value(b), rule.value(c), rule.value(d));
                        if (Solver.isSolvable(values, target)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private List<Card> draw(SplittableRandom rng) {
        int[] ranks = new int[4];
        if (!forceFace) {
            for (int i = 0; i < 4; i++) {
                ranks[i] = rng.nextInt(1, 14);
            }
        } else {
            for (int i = 0; i < 3; i++) {
                ranks[i] = rng.nextInt(1, 14);
            }
            ranks[3] = rng.nextInt(11, 14);
            for (int i = 3; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = ranks[i];
                ranks[i] = ranks[j];
                ranks[j] = t;
            }
        }
        List<Suit> pool = suits.suits();
        List<Card> hand = new ArrayList<>(4);
        for (int rank : ranks) {
            hand.add(new Card(rank, pool.get(rng.nextInt(pool.size()))));
        }
        return List.copyOf(hand);
    }

    private List<Integer> values(List<Card> hand) {
        return hand.stream().map(c -> rule.value(c.rank())).toList();
    }
}
