package io.posttrain4j.generalpoints.game;


/**
 * How J, Q and K count: the rule axis of the study. The prompt texts are the reference's, period included.
 */
public enum FaceRule {
    /** In-distribution: J, Q and K count as 10. */
    AS_10("'J', 'Q', and 'K' count as '10'."),
    /** Rule OOD: J, Q and K count as 11, 12 and 13. */
    AS_11_12_13("'J', 'Q', and 'K' count as '11', '12', and '13' respectively.");

    private final String promptMessage;

    FaceRule(String promptMessage) {
        this.promptMessage = promptMessage;
    }

    /** The rule for the task flag {@code faceAs10}. */
    public static FaceRule of(boolean faceAs10) {
        return faceAs10 ? AS_10 : AS_11_12_13;
    }

    /** The number a card of {@code rank} (1..13) stands for under this rule. */
    public int value(int rank) {
        Card.checkRank(rank);
        return this == AS_10 ? Math.min(rank, 10) : rank;
    }

    /** The reference's {@code face_card_msg}, ending with a period that the template follows with ", and". */
    public String promptMessage() {
        return promptMessage;
    }
}
