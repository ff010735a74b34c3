package io.posttrain4j.virl.nav;

import java.util.List;
import java.util.stream.Collectors;

import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;

/**
 * The two action spaces of the study: absolute compass turns (in distribution) and relative turns (rule OOD).
 * Both have {@code forward()}, {@code turn_direction(x)} and {@code stop()}.
 */
public enum ActionSpace {
    ABSOLUTE,
    RELATIVE;

    /** The turn targets {@code x} accepted in {@code turn_direction(x)}. */
    public List<String> directions() {
        return this == ABSOLUTE ? Geo.COMPASS : TurnLabels.WORDS;
    }

    /** The reference's {@code [Action space]} block, byte for byte. */
    public String referenceBlock() {
        return referenceBlock(directions());
    }

    /**
     * The reference's {@code [Action space]} block with the turn targets named by {@code words} (e.g. the eight
     * compass headings as letters or degrees).
     */
    public String referenceBlock(List<String> words) {
        String quoted = words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", ", "[", "]"));
        String targets = this == ABSOLUTE ? "any following 8 directions " + quoted : "any following " + quoted;
        return "\"forward()\": indicates moving forward one step\n"
                + "\"turn_direction(x)\": indicates adjust the ego agent direction towards x direction. x could be "
                + targets + "\n"
                + "\"stop()\": indicates the navigation is finished.";
    }

    /** A one-line listing for the compact prompt style. */
    public String compactBlock() {
        return compactBlock(directions());
    }

    /** The compact listing with the turn targets named by {@code words}. */
    public String compactBlock(List<String> words) {
        return "forward() | turn_direction(" + String.join("|", words) + ") | stop()";
    }
}
