package io.posttrain4j.generalpoints.game;

import java.util.List;
import java.util.Locale;


/** The suits a dealer draws from: the reference's {@code face_cards_color} setting. */
public enum SuitSet {
    /** All four suits, in the reference's order H, S, D, C (GP-L). */
    MIXED(List.of(Suit.HEARTS, Suit.SPADES, Suit.DIAMONDS, Suit.CLUBS)),
    /** Spades and clubs (GP-VL in-distribution and rule OOD). */
    BLACK(List.of(Suit.SPADES, Suit.CLUBS)),
    /** Hearts and diamonds (GP-VL visual OOD). */
    RED(List.of(Suit.HEARTS, Suit.DIAMONDS));

    private final List<Suit> suits;

    SuitSet(List<Suit> suits) {
        this.suits = suits;
    }

    /** The suits, drawn uniformly. */
    public List<Suit> suits() {
        return suits;
    }

    /** Lower-case name as used in options ({@code mixed}, {@code black}, {@code red}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
