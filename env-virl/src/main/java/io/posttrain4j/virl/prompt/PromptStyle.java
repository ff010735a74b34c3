package io.posttrain4j.virl.prompt;

import java.util.Arrays;
import java.util.List;

/**
 * The prompt and answer protocol: {@link #REFERENCE} is byte-identical to the study (for pretrained models and
 * checkpoints trained on its data); {@link #COMPACT} carries the same information in few tokens, for small
 * models trained from scratch.
 */
public enum PromptStyle {
    REFERENCE("reference"),
    COMPACT("compact");

    private final String label;

    PromptStyle(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(PromptStyle::label).toList();
    }

    public static PromptStyle of(String label) {
        for (PromptStyle s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown prompt style '" + label + "'; known: " + labels());
    }
}
