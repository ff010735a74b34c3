package io.posttrain4j.virl.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.virl.verify.VirlTask;

/**
 * The reference's step verifier ({@code step_rewards_virl}), string for string.
 *
 * <table>
 * <caption>cases, in order</caption>
 * <tr><th>case</th><th>reward</th><th>feedback</th></tr>
 * <tr><td>the answer's action equals the correct action exactly</td><td>+1</td><td>{@code Correct action.}</td></tr>
 * <tr><td>the answer's observation mentions "intersection" and the true landmark text does not</td><td>-1.5</td>
 *     <td>{@code you are not at any intersection. Please avoid this observation and try again in the same format:}
 *     + schema</td></tr>
 * <tr><td>the answer's observation does not mention "intersection" and the true landmark text does</td><td>-1.5</td>
 *     <td>{@code you are at an intersection. ...} + schema</td></tr>
 * <tr><td>otherwise</td><td>-1</td><td>{@code you make incorrect action. Please avoid this action and try again in
 *     the same format:} + schema</td></tr>
 * </table>
 *
 * <p>As in the reference, the comparison uses the true <em>landmark</em> text only (e.g. {@code Aritzia is on your
 * left front}), not the intersection sentence, so a correct "I observe an intersection" at a turning point with a
 * wrong action is still told "you are not at any intersection". Feedback strings keep the reference's trailing
 * period (its messages are joined and closed with '.') and its literal {@code {{ }}} in the schema. Compact-format
 * tasks read {@code obs:} and {@code act:} lines and get short feedback. Thread-safe.
 */
public final class VirlVerifier implements Verifier<VirlTask> {
    public static final double CORRECT = 1;
    public static final double INCORRECT_ACTION = -1;
    public static final double INCORRECT_OBSERVATION = -1.5;

    /** The schema the reference appends to its failure messages (a plain string there, so the braces stay doubled). */
    public static final String SCHEMA = "\n[Output]\n{{\n"
            + "  \"current observation\": latest observation from the streetview grid,\n"
            + "  \"current instruction\": analyze the full instruction and identify the sentence to be executed,\n"
            + "  \"action\": the action to be taken chosen from the action space,\n}}";
    public static final String FEEDBACK_CORRECT = "Correct action.";
    public static final String FEEDBACK_NOT_AT_INTERSECTION =
            "you are not at any intersection. Please avoid this observation and try again in the same format:" + SCHEMA + ".";
    public static final String FEEDBACK_AT_INTERSECTION =
            "you are at an intersection. Please avoid this observation and try again in the same format:" + SCHEMA + ".";
    public static final String FEEDBACK_WRONG_ACTION =
            "you make incorrect action. Please avoid this action and try again in the same format:" + SCHEMA + ".";

    @Override
    public Verdict verify(VirlTask task, String response) {
        String text = response == null ? "" : response;
        boolean compact = task.compact();
        String action = compact ? ResponseFields.compact(text, "act") : ResponseFields.reference(text, "action");
        String observation = compact ? ResponseFields.compact(text, "obs")
                : ResponseFields.reference(text, "current observation");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put("observation", observation);
        details.put("correct_action", task.correctAction());
        if (action.equals(task.correctAction())) {
            details.put("case", "correct");
            return new Verdict(CORRECT, true, compact ? "correct" : FEEDBACK_CORRECT, details);
        }
        boolean saysIntersection = observation.contains("intersection");
        boolean isIntersection = task.landmarkText().contains("intersection");
        if (saysIntersection && !isIntersection) {
            details.put("case", "not_at_intersection");
            return new Verdict(INCORRECT_OBSERVATION, false,
                    compact ? "not at an intersection" : FEEDBACK_NOT_AT_INTERSECTION, details);
        }
        if (!saysIntersection && isIntersection) {
            details.put("case", "at_intersection");
            return new Verdict(INCORRECT_OBSERVATION, false,
                    compact ? "at an intersection" : FEEDBACK_AT_INTERSECTION, details);
        }
        details.put("case", "incorrect_action");
        return new Verdict(INCORRECT_ACTION, false, compact ? "wrong action" : FEEDBACK_WRONG_ACTION, details);
    }
}
