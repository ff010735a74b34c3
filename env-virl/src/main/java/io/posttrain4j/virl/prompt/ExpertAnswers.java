package io.posttrain4j.virl.prompt;

import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.nav.RailPoint;

/**
 * The expert's answer at a rail point, in the study's SFT answer format or the compact one. Stateless.
 *
 * <p>Reference format ({@code ResponseVIRL} without its surrounding blank lines), one key per line with trailing
 * commas; the observation is the oracle text told in the first person:
 * <pre>
 * {
 *   "current observation": "Hotel 32One is on my right behind; I observe an intersection",
 *   "current instruction": "Turn right to face north.",
 *   "action": "turn_direction(north)",
 * }</pre>
 * Compact format: {@code obs: <compact observation>\nins: <sentence number>\nact: <action>}.
 */
public final class ExpertAnswers {
    private ExpertAnswers() {}

    /** The expert answer at {@code p}. */
    public static String answer(RailPoint p, ActionSpace space, PromptStyle style) {
        if (style == PromptStyle.COMPACT) {
            return "obs: " + Prompts.compactObservation(p) + "\nins: " + p.instructionIndex() + "\nact: " + p.action(space);
        }
        return "{\n  \"current observation\": \"" + firstPerson(p) + "\",\n"
                + "  \"current instruction\": \"" + p.instruction() + "\",\n"
                + "  \"action\": \"" + p.action(space) + "\",\n}";
    }

    /** The oracle observation in the first person, e.g. {@code Aritzia is on my left front; I observe an intersection}. */
    public static String firstPerson(RailPoint p) {
        String lm = p.landmarkText().replace(" is on your ", " is on my ");
        return p.intersection() ? lm + "; I observe an intersection" : lm;
    }
}
