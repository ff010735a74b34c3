package io.posttrain4j.generalpoints.game;

/** A card suit with the letter the reference uses in card codes ({@code H}, {@code S}, {@code D}, {@code C}). */
public enum Suit {
    HEARTS('H', true),
    SPADES('S', false),
    DIAMONDS('D', true),
    CLUBS('C', false);

    private final char letter;
    private final boolean red;

    Suit(char letter, boolean red) {
        this.letter = letter;
        this.red = red;
    }

    /** The reference's one-letter code. */
    public char letter() {
        return letter;
    }

    /** Whether the suit is printed in red (hearts, diamonds). */
    public boolean red() {
        return red;
    }

    /** The suit for a letter {@code H}, {@code S}, {@code D} or {@code C}. */
    public static Suit ofLetter(char letter) {
        for (Suit s : values()) {
            if (s.letter == letter) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown suit letter '" + letter + "'; known: H, S, D, C");
    }
}
