package io.posttrain4j.generalpoints.prompt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.posttrain4j.core.spi.Names;

/** The text protocol of prompts and expert answers. */
public enum PromptStyle {
    /** Byte-identical to the study's GP-L / GP-VL prompts and SFT answers. */
    REFERENCE,
    /** The same information in few tokens, for small models trained from scratch. */
    COMPACT,
    /**
     * Compact prompts; answers state the card values under the prompt's rule before the formula, as the study's
     * answers do ({@code "number": [11, 3, 12, 5], "formula": "..."}).
     */
    VALUES;

    /** The option value ({@code reference}, {@code compact}, {@code values}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(PromptStyle::label).toList();
    }

    /** The style named {@code label}; the error names the accepted ones. */
    public static PromptStyle of(String label) {
        for (PromptStyle s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException(Names.unknown("prompt style", String.valueOf(label), labels()));
    }
}
