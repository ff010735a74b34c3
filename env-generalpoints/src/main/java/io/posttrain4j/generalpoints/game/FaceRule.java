package io.posttrain4j.generalpoints.game;

import java.util.List;
import java.util.Objects;

/**
 * How J, Q and K count: the rule axis of the study, generalised to any face-card mapping. The study's two rules
 * are the presets {@link #AS_10} (in distribution) and {@link #AS_11_12_13} (rule OOD); their prompt texts are the
 * reference's, period included. Any other mapping, e.g. all 1 or J=5, Q=7, K=2, can be dealt, prompted, solved and
 * verified the same way, so that a mapping can be trained on or held out. Immutable.
 */
public final class FaceRule {
    /** The smallest value a face card may stand for. */
    public static final int MIN_VALUE = 1;
    /** The largest value a face card may stand for. */
    public static final int MAX_VALUE = 99;
    /** In-distribution: J, Q and K count as 10. */
    public static final FaceRule AS_10 = new FaceRule(10, 10, 10);
    /** Rule OOD: J, Q and K count as 11, 12 and 13. */
    public static final FaceRule AS_11_12_13 = new FaceRule(11, 12, 13);

    private final int jack;
    private final int queen;
    private final int king;

    private FaceRule(int jack, int queen, int king) {
        this.jack = jack;
        this.queen = queen;
        this.king = king;
    }

    /**
     * The rule in which J, Q and K count as {@code jack}, {@code queen} and {@code king}.
     *
     * @throws IllegalArgumentException for a value outside {@value #MIN_VALUE}..{@value #MAX_VALUE}
     */
    public static FaceRule of(int jack, int queen, int king) {
        for (int v : new int[] {jack, queen, king}) {
            if (v < MIN_VALUE || v > MAX_VALUE) {
                throw new IllegalArgumentException("face-card values must be in " + MIN_VALUE + ".." + MAX_VALUE
                        + ", got J=" + jack + ", Q=" + queen + ", K=" + king);
            }
        }
        FaceRule r = new FaceRule(jack, queen, king);
        return r.equals(AS_10) ? AS_10 : r.equals(AS_11_12_13) ? AS_11_12_13 : r;
    }

    /** The rule for the task flag {@code faceAs10}: one of the study's two rules. */
    public static FaceRule of(boolean faceAs10) {
        return faceAs10 ? AS_10 : AS_11_12_13;
    }

    /** The rule of the values of J, Q and K, in that order. */
    public static FaceRule of(List<Integer> values) {
        Objects.requireNonNull(values, "values");
        if (values.size() != 3 || values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("face-card values are three numbers, for J, Q and K, got " + values);
        }
        return of(values.get(0), values.get(1), values.get(2));
    }

    /**
     * Parses {@code "10"} (J, Q and K all count as 10) or {@code "11,12,13"} (J, Q, K in order).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static FaceRule parse(String text) {
        String[] parts = String.valueOf(text).trim().split("\\s*,\\s*", -1);
        try {
            if (parts.length == 1) {
                int v = Integer.parseInt(parts[0]);
                return of(v, v, v);
            }
            if (parts.length == 3) {
                return of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (IllegalArgumentException e) { // not a number, or out of range
            // reported below
        }
        throw new IllegalArgumentException("face-card values must be one number for J, Q and K (e.g. 10) or three, "
                + "for J, Q and K in order (e.g. 11,12,13), each in " + MIN_VALUE + ".." + MAX_VALUE + ", got '"
                + text + "'");
    }

    /** The value of J, Q and K, in that order. */
    public List<Integer> values() {
        return List.of(jack, queen, king);
    }

    /** Whether J, Q and K all count the same. */
    public boolean uniform() {
        return jack == queen && queen == king;
    }

    /** The number a card of {@code rank} (1..13) stands for under this rule. */
    public int value(int rank) {
        Card.checkRank(rank);
        return switch (rank) {
            case 11 -> jack;
            case 12 -> queen;
            case 13 -> king;
            default -> rank;
        };
    }

    /**
     * The reference's {@code face_card_msg} for this rule, ending with a period that the template follows with
     * ", and": {@code 'J', 'Q', and 'K' count as '10'.} for a uniform rule, {@code 'J', 'Q', and 'K' count as '11',
     * '12', and '13' respectively.} otherwise.
     */
    public String promptMessage() {
        if (uniform()) {
            return "'J', 'Q', and 'K' count as '" + jack + "'.";
        }
        return "'J', 'Q', and 'K' count as '" + jack + "', '" + queen + "', and '" + king + "' respectively.";
    }

    /** The compact prompt's line: {@code J,Q,K=10} or {@code J,Q,K=11,12,13}. */
    public String compactLine() {
        return "J,Q,K=" + label();
    }

    /** {@code 10} for a uniform rule, {@code 11,12,13} otherwise: the form {@link #parse} reads. */
    public String label() {
        return uniform() ? String.valueOf(jack) : jack + "," + queen + "," + king;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceRule r && r.jack == jack && r.queen == queen && r.king == king;
    }

    @Override
    public int hashCode() {
        return (jack * 128 + queen) * 128 + king;
    }

    @Override
    public String toString() {
        return this == AS_10 ? "AS_10" : this == AS_11_12_13 ? "AS_11_12_13" : "J,Q,K=" + label();
    }
}
