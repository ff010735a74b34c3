package io.posttrain4j.generalpoints.game;

import java.util.List;
import java.util.Objects;

/**
 * A playing card: rank 1..13 (A, 2..10, J, Q, K) and suit.
 *
 * @param rank 1 (ace) to 13 (king)
 * @param suit the suit
 */
public record Card(int rank, Suit suit) {
    private static final List<String> NAMES =
            List.of("A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K");

    public Card {
        checkRank(rank);
        Objects.requireNonNull(suit, "suit");
    }

    /**
     * The name every model-facing text uses: {@code A}, {@code 2}..{@code 10}, {@code J}, {@code Q}, {@code K}
     * (the reference writes 10 as {@code T} only in its image file names).
     */
    public String name() {
        return nameOf(rank);
    }

    /** The reference's internal code, suit letter then rank letter, e.g. {@code ST} for the ten of spades. */
    public String code() {
        return suit.letter() + (rank == 10 ? "T" : name());
    }

    /** Whether the card is a J, Q or K. */
    public boolean isFace() {
        return rank >= 11;
    }

    /** The model-facing name of {@code rank}. */
    public static String nameOf(int rank) {
        checkRank(rank);
        return NAMES.get(rank - 1);
    }

    /** Throws naming {@code rank} unless it is 1 (ace) to 13 (king). */
    public static void checkRank(int rank) {
        if (rank < 1 || rank > 13) {
            throw new IllegalArgumentException("card rank must be in 1..13 (A..K), got " + rank);
        }
    }

    @Override
    public String toString() {
        return name() + suit.letter();
    }
}
