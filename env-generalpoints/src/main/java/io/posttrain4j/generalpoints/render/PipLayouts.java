package io.posttrain4j.generalpoints.render;

/**
 * The standard pip positions of the number cards 2..10, as (x, y) in the pip area: x in {0, 0.5, 1}
 * (left, middle, right column), y from 0 (top) to 1 (bottom).
 */
final class PipLayouts {
    private static final double T = 1.0 / 3;
    private static final double[][][] LAYOUTS = {
        {{0.5, 0}, {0.5, 1}},
        {{0.5, 0}, {0.5, 0.5}, {0.5, 1}},
        {{0, 0}, {1, 0}, {0, 1}, {1, 1}},
        {{0, 0}, {1, 0}, {0.5, 0.5}, {0, 1}, {1, 1}},
        {{0, 0}, {1, 0}, {0, 0.5}, {1, 0.5}, {0, 1}, {1, 1}},
        {{0, 0}, {1, 0}, {0.5, 0.25}, {0, 0.5}, {1, 0.5}, {0, 1}, {1, 1}},
        {{0, 0}, {1, 0}, {0.5, 0.25}, {0, 0.5}, {1, 0.5}, {0.5, 0.75}, {0, 1}, {1, 1}},
        {{0, 0}, {1, 0}, {0, T}, {1, T}, {0.5, 0.5}, {0, 2 * T}, {1, 2 * T}, {0, 1}, {1, 1}},
        {{0, 0}, {1, 0}, {0.5, T / 2}, {0, T}, {1, T}, {0, 2 * T}, {1, 2 * T}, {0.5, 1 - T / 2}, {0, 1}, {1, 1}},
    };

    private PipLayouts() {}

    /** The pip centres of a number card of {@code rank} 2..10. */
    static double[][] of(int rank) {
        if (rank < 2 || rank > 10) {
            throw new IllegalArgumentException("pip layouts exist for ranks 2..10, got " + rank);
        }
        return LAYOUTS[rank - 2];
    }
}
