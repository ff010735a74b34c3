package io.posttrain4j.virl.geo;

import java.util.Arrays;
import java.util.List;

/**
 * How a turn from heading {@code p} to heading {@code n} is named in the relative action space.
 *
 * <p>{@link #REFERENCE} reproduces the study: {@code d = n - p} without wrapping around 360, so 350 -> 10 (a small
 * right turn) is labelled "left". {@link #WRAPPED} (the default here) first maps {@code d} into (-180, 180], so
 * 350 -> 10 is "slightly right". Both then label: d &lt; -45 left, d &gt; 45 right, -45 &lt;= d &lt;= 0 slightly
 * left, 0 &lt; d &lt;= 45 slightly right.
 */
public enum TurnLabels {
    WRAPPED("wrapped"),
    REFERENCE("reference");

    /** The four relative directions of the rule-OOD action space, in the reference's listing order. */
    public static final List<String> WORDS = List.of("left", "right", "slightly left", "slightly right");

    private final String label;

    TurnLabels(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The option values, default first. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(TurnLabels::label).toList();
    }

    /** Parses an option value. */
    public static TurnLabels of(String label) {
        for (TurnLabels t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown turn labelling '" + label + "'; known: " + labels());
    }

    /** The relative word for turning from {@code previous} to {@code next} (integer degrees). */
    public String label(int previous, int next) {
        int d = next - previous;
        if (this == WRAPPED) {
            d = Math.floorMod(d, 360);
            if (d > 180) {
                d -= 360;
            }
        }
        if (d < -45) {
            return "left";
        } else if (d > 45) {
            return "right";
        } else if (d <= 0) {
            return "slightly left";
        }
        return "slightly right";
    }
}
