package io.posttrain4j.reproduce;

import java.util.Map;
import java.util.Optional;

import io.posttrain4j.core.env.Split;

/**
 * The study's headline success rates (Chu et al. 2025, arXiv 2501.17161, Llama-3.2-11B-Vision), for
 * the side-by-side table of the report. GP: episode success; V-IRL: per-step accuracy (rule OOD) and route
 * success (visual OOD).
 */
public final class StudyNumbers {
    /** init, RL and SFT success in percent at equal compute. */
    public record Row(double init, double rl, double sft) {}

    private static final Map<String, Row> RULE_OOD = Map.of(
            "gp-l", new Row(11.5, 15.0, 3.4),
            "virl-l", new Row(80.8, 91.8, 1.3),
            "gp-vl", new Row(11.2, 14.2, 5.6),
            "virl-vl", new Row(35.7, 45.0, 2.5));
    private static final Map<String, Row> VISUAL_OOD = Map.of(
            "gp-vl", new Row(23.6, 41.2, 13.7),
            "virl-vl", new Row(16.7, 77.8, 11.1));

    private StudyNumbers() {}

    /** The study's row for a task and an OOD split; empty for in-distribution or where the study has none. */
    public static Optional<Row> of(String task, Split split) {
        return Optional.ofNullable(switch (split) {
            case RULE_OOD -> RULE_OOD.get(task);
            case VISUAL_OOD -> VISUAL_OOD.get(task);
            case IN_DISTRIBUTION -> null;
        });
    }
}
