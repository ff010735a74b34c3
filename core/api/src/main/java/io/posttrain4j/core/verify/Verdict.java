package io.posttrain4j.core.verify;

import java.util.Map;
import java.util.Objects;

/**
 * A verifier's judgement of one response.
 *
 * @param reward the reward the environment hands out
 * @param success whether the response solves the task
 * @param feedback the feedback text as the policy reads it in a revision turn
 * @param details structured findings (e.g. parsed formula, violated rules) for audits; values are JSON-friendly
 */
public record Verdict(double reward, boolean success, String feedback, Map<String, Object> details) {
    public Verdict {
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
        Objects.requireNonNull(feedback, "feedback");
        details = Map.copyOf(Objects.requireNonNull(details, "details"));
    }
}
