package io.posttrain4j.generalpoints.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.posttrain4j.core.spi.Names;

/** How the GeneralPoints verifier judges: with exact fractions, or as the reference study did. */
public enum VerifierMode {
    /**
     * The default: the reference's checks, rewards and feedback, except that the value is computed with exact
     * fractions (so {@code 8/(3-8/3)} counts as 24) at any nesting depth, an unclosed {@code (} is a grammar
     * violation, digits outside ASCII are illegal characters, and a result stated after the {@code =} must equal
     * the value (else -1 instead of +5).
     */
    EXACT,
    /**
     * The study's behaviour to the letter: floating-point evaluation, any Unicode digit tokenised, the text after
     * the {@code =} ignored, more than 200 nested parentheses not evaluated, penalties without a floor.
     */
    REFERENCE;

    /** The name used in options and registries ({@code exact}, {@code reference}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** All labels, default first. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(VerifierMode::label).toList();
    }

    /** The mode named {@code label}; the error names the accepted ones. */
    public static VerifierMode of(String label) {
        for (VerifierMode m : values()) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException(Names.unknown("verifier mode", String.valueOf(label), labels()));
    }
}
