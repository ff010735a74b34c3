package io.posttrain4j.generalpoints.prompt;

import java.util.List;
import java.util.Objects;

import io.posttrain4j.generalpoints.game.GeneralPointsTask;

/**
 * The user prompts and expert answers of GeneralPoints in both styles.
 *
 * <p>{@link PromptStyle#REFERENCE} reproduces the study's templates {@code Q_GeneralPoint_EQN_L} and
 * {@code Q_GeneralPoint_EQN_VL} and its SFT answer {@code ResponseEqn} byte for byte, quirks included (a leading
 * newline; the face-rule message ends with a period that ", and" follows). {@link PromptStyle#COMPACT} keeps only
 * what a model needs: the cards (GP-L), the face rule (GP-L only when a J, Q or K is dealt; GP-VL always, since the
 * model cannot know from the text) and the target when it is not 24. Its answers are single lines that the same
 * reference regexes parse. {@link PromptStyle#VALUES} asks the compact prompts and answers with the card values
 * under the stated rule before the formula, as the study's answers do. Stateless and thread-safe.
 */
public final class Prompts {
    private Prompts() {}

    /** The first user turn for {@code task} (for GP-VL the image goes with it). */
    public static String userText(GeneralPointsTask task, PromptStyle style) {
        Objects.requireNonNull(task, "task");
        return switch (Objects.requireNonNull(style, "style")) {
            case REFERENCE -> task.languageOnly() ? referenceLanguage(task) : referenceVision(task);
            case COMPACT, VALUES -> compact(task);
        };
    }

    /**
     * The expert's answer to {@code task} with {@code formula} (a solver string, without {@code =target}).
     */
    public static String expertAnswer(GeneralPointsTask task, String formula, PromptStyle style) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(formula, "formula");
        String equation = formula + "=" + task.target();
        return switch (Objects.requireNonNull(style, "style")) {
            case REFERENCE -> "\n{\n  \"cards\": " + pythonList(task.cardNames())
                    + ",\n  \"number\": " + task.cardValues()
                    + ",\n  \"formula\": \"" + equation + "\",\n}";
            case COMPACT -> task.languageOnly()
                    ? "\"formula\": \"" + equation + "\""
                    : "\"cards\": " + pythonList(task.cardNames()) + ", \"formula\": \"" + equation + "\"";
            case VALUES -> (task.languageOnly() ? "" : "\"cards\": " + pythonList(task.cardNames()) + ", ")
                    + "\"number\": " + task.cardValues() + ", \"formula\": \"" + equation + "\"";
        };
    }

    /** Python's {@code str(list_of_str)}: {@code ['A', '3', 'K', '6']}. */
    public static String pythonList(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('\'').append(items.get(i)).append('\'');
        }
        return sb.append(']').toString();
    }

    private static String referenceLanguage(GeneralPointsTask task) {
        String target = Integer.toString(task.target());
        String face = task.faceRule().promptMessage();
        return "\n[Task Description]\n"
                + "You are an expert " + target + " points card game player. You will receive a set of 4 cards.\n"
                + "Note that " + face + ", and each card must be used once.\n"
                + goal(target)
                + "\n[Input]\n"
                + "Cards: " + pythonList(task.cardNames()) + "\n"
                + "\n[Output]\n"
                + outputFormat(face, target);
    }

    private static String referenceVision(GeneralPointsTask task) {
        String target = Integer.toString(task.target());
        String face = task.faceRule().promptMessage();
        return "\n[Task Description]\n"
                + "You are an expert " + target + " points card game player. You are observing these four cards in"
                + " the image.\n"
                + "Note that " + face + ", and each card must be used once.\n"
                + goal(target)
                + "\n[Output]\n"
                + "Your response should be a valid json file in the following format:\n"
                + outputFormat(face, target);
    }

    private static String goal(String target) {
        return "Your goal is to output a formula that evaluates to " + target + " using numbers from the cards and"
                + " operators such as '+', '-', '*', '/', '(', ')', and '='.\n";
    }

    private static String outputFormat(String face, String target) {
        return "{\n"
                + "  \"cards\": [x, y, z, w], where " + face + ",\n"
                + "  \"number\": [a, b, c, d], where a, b, c, and d are the numbers on the cards,\n"
                + "  \"formula\": 'an equation that equals " + target + "',\n"
                + "}\n\n";
    }

    private static String compact(GeneralPointsTask task) {
        StringBuilder sb = new StringBuilder();
        boolean faceDealt = task.ranks().stream().anyMatch(r -> r >= 11);
        if (task.languageOnly()) {
            sb.append("Cards: ").append(pythonList(task.cardNames()));
        }
        if (!task.languageOnly() || faceDealt) {
            line(sb, task.faceRule().compactLine());
        }
        if (task.target() != 24) {
            line(sb, "Target: " + task.target());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String text) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(text);
    }
}
