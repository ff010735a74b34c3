package io.posttrain4j.virl.verify;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What the verifier needs to judge one answer at one rail point; a record Jackson reads from JSON, so logged
 * outputs can be audited with {@code {"correctAction": "forward()", "landmarkText": "No landmarks nearby"}}.
 *
 * @param correctAction the correct action text, e.g. {@code turn_direction(north)}
 * @param landmarkText the true landmark text at the point (the reference's {@code gt_obs})
 * @param answerFormat {@code reference} (default when null) or {@code compact}
 */
public record VirlTask(String correctAction, String landmarkText, String answerFormat) {
    public VirlTask {
        Objects.requireNonNull(correctAction, "correctAction");
        Objects.requireNonNull(landmarkText, "landmarkText");
        if (answerFormat == null) {
            answerFormat = "reference";
        }
        if (!answerFormat.equals("reference") && !answerFormat.equals("compact")) {
            throw new IllegalArgumentException("answerFormat must be reference or compact, got '" + answerFormat + "'");
        }
    }

    /** A reference-format task. */
    public static VirlTask of(String correctAction, String landmarkText) {
        return new VirlTask(correctAction, landmarkText, "reference");
    }

    /** Whether answers are read in the compact format. */
    @JsonIgnore
    public boolean compact() {
        return answerFormat.equals("compact");
    }
}
