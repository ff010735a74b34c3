package io.posttrain4j.virl.prompt;

import java.util.List;

import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.nav.Rail;
import io.posttrain4j.virl.nav.RailPoint;

/**
 * The texts the policy reads: the question prompt (reference {@code Q_VIRL_L} / {@code Q_VIRL_VL}, or compact),
 * the observation/action history, and the revision turn after a failed attempt. Stateless.
 */
public final class Prompts {
    /** The revision turn's prefix in the reference trainer and evaluator. */
    public static final String FAILED_PREFIX = "You failed this trial because ";
    /** The compact style's revision prefix. */
    public static final String COMPACT_FAILED_PREFIX = "Failed: ";
    /** The current observation of V-IRL-VL before the optional intersection text. */
    public static final String IMAGE_OBSERVATION = "You observe an image of 4 views; ";

    private static final String TASK_L = """
            You are an expert in navigation. You will receive a sequence of instructions to follow. You
            are also provided with your observation and action history in text. Your goal is to first analyze the \
            instruction and identify the next sentence to be executed.\s
            Then, you need to provide the action to be taken based on the current observation and instruction.""";
    private static final String TASK_VL = """
            You are an expert in navigation. You will receive a sequence of instructions to follow while observing \
            your surrounding stree tviews. You
            are also provided with your observation and action history in text. Your goal is to first analyze the \
            instruction and identify the next sentence to be executed.\s
            Then, you need to provide the action to be taken based on the current observation and instruction.""";
    private static final String OBSERVATION_FORMAT = """
            You observe a 2x2 grid of streetview images with the following headings:
            [front, right
             back, left]
            You need to identify if any of the landmarks in the instruction are visible in the street view grid.""";

    private Prompts() {}

    /**
     * The reference question, byte for byte: {@code Q_VIRL_L} (text) or {@code Q_VIRL_VL} (image) formatted with
     * the numbered instruction, the action-space block and the history.
     */
    public static String reference(String numberedInstruction, ActionSpace space, String history, boolean vision) {
        String source = vision ? "street view grid" : "observation sequence";
        StringBuilder sb = new StringBuilder();
        sb.append("\n[Task Description]\n").append(vision ? TASK_VL : TASK_L).append("\n\n");
        sb.append("[Instruction]\n").append(numberedInstruction).append("\n\n");
        if (vision) {
            sb.append("[Observation format]\n").append(OBSERVATION_FORMAT).append("\n\n");
        }
        sb.append("[Action space]\n").append(space.referenceBlock()).append("\n\n");
        sb.append("[Observations and actions sequence]\n").append(history).append("\n\n");
        sb.append("[Output]\n{\n");
        sb.append("  \"current observation\": latest observation from the ").append(source).append(",\n");
        sb.append("  \"current instruction\": analyze the full instruction and identify the sentence to be executed,\n");
        sb.append("  \"action\": the action to be taken chosen from the action space,\n}\n");
        return sb.toString();
    }

    /**
     * The reference history: {@code O_i: <oracle text>\nA_i: <action>\n} for past steps, then {@code O_n: <current>
     * \nA_n: \n}, where the current observation of V-IRL-VL is {@link #IMAGE_OBSERVATION} plus the intersection
     * text when at one.
     */
    public static String referenceHistory(List<String> pastObservations, List<String> pastActions,
            RailPoint current, boolean vision) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pastActions.size(); i++) {
            sb.append("O_").append(i + 1).append(": ").append(pastObservations.get(i)).append('\n');
            sb.append("A_").append(i + 1).append(": ").append(pastActions.get(i)).append('\n');
        }
        int n = pastActions.size() + 1;
        String now = vision
                ? IMAGE_OBSERVATION + (current.intersection() ? Rail.INTERSECTION : "")
                : current.oracleObservation();
        sb.append("O_").append(n).append(": ").append(now).append('\n');
        sb.append("A_").append(n).append(": \n");
        return sb.toString();
    }

    /**
     * The compact instruction: the same sentences in short form, numbered, e.g. {@code 1. turn left to northwest},
     * {@code 2. go to crossing: Prince St front}, {@code 6. go to destination: MoMA Design Store left}.
     */
    public static String compactInstruction(List<String> sentences) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            sb.append(i + 1).append(". ").append(compactSentence(sentences.get(i))).append('\n');
        }
        return sb.toString();
    }

    /** One instruction sentence in the compact style, e.g. {@code turn left to northwest}. */
    public static String compactSentence(String s) {
        String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        if (t.startsWith("First, turn ")) {
            t = "turn " + t.substring("First, turn ".length());
        } else if (t.startsWith("Turn ")) {
            t = "turn " + t.substring("Turn ".length());
        }
        t = t.replace(" to face ", " to ")
                .replace("Move forward until you reach next intersection where ", "go to crossing: ")
                .replace("Move forward until you reach next intersection", "go to crossing")
                .replace("Move forward until you reach destination where The destination ", "go to destination: ")
                .replace("Move forward until you reach destination where ", "go to destination: ")
                .replace(" is on your ", " ");
        return t;
    }

    /** The compact question: instruction, action listing, short history, in a few lines. */
    public static String compact(String numberedInstruction, ActionSpace space, List<RailPoint> past,
            List<String> pastActions, RailPoint current, boolean vision) {
        StringBuilder sb = new StringBuilder();
        sb.append(numberedInstruction);
        sb.append("acts: ").append(space.compactBlock()).append('\n');
        for (int i = 0; i < pastActions.size(); i++) {
            sb.append("O").append(i + 1).append(": ").append(compactObservation(past.get(i))).append('\n');
            sb.append("A").append(i + 1).append(": ").append(pastActions.get(i)).append('\n');
        }
        int n = pastActions.size() + 1;
        String now = vision ? "image" + (current.intersection() ? "; intersection" : "") : compactObservation(current);
        sb.append("O").append(n).append(": ").append(now).append('\n');
        return sb.toString();
    }

    /**
     * The compact form of a rail point's oracle observation: {@code -} for nothing, {@code X left front;
     * intersection}, {@code destination X left}.
     */
    public static String compactObservation(RailPoint p) {
        String lm = p.landmarkText();
        String text;
        if (lm.equals(Rail.NO_LANDMARKS) || lm.equals(Rail.NO_LANDMARK)) {
            text = "-";
        } else {
            text = lm.replace("The destination ", "destination ").replace(" is on your ", " ");
        }
        return p.intersection() ? text + "; intersection" : text;
    }

    /** The user turn after a failed attempt. */
    public static String failedTurn(PromptStyle style, String feedback) {
        return (style == PromptStyle.REFERENCE ? FAILED_PREFIX : COMPACT_FAILED_PREFIX) + feedback;
    }
}
