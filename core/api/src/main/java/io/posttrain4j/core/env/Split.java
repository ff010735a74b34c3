package io.posttrain4j.core.env;

/** Where a variant stands relative to training: the axes of the study's evaluation. */
public enum Split {
    IN_DISTRIBUTION("id"),
    RULE_OOD("rule-ood"),
    VISUAL_OOD("visual-ood");

    private final String label;

    Split(String label) {
        this.label = label;
    }

    /** A short label for tables and metric names. */
    public String label() {
        return label;
    }
}
