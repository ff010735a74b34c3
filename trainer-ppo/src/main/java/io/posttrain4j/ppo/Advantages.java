package io.posttrain4j.ppo;

/** Normalisation of advantages: over a whole buffer (PPO) or within groups of samples of one state (GRPO). */
public final class Advantages {
    /** Added to the standard deviation so that a constant batch gives zeros, not NaN (TRL's GRPO uses 1e-4). */
    public static final double EPS = 1e-8;

    private Advantages() {}

    /** (a - mean) / (std + eps) over all entries, std with Bessel's correction as in torch.std; a copy. */
    public static double[] normalize(double[] a) {
        return normalize(a, EPS);
    }

    static double[] normalize(double[] a, double eps) {
        double[] out = new double[a.length];
        if (a.length == 0) {
            return out;
        }
        double mean = mean(a, 0, a.length);
        double std = std(a, 0, a.length, mean);
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - mean) / (std + eps);
        }
        return out;
    }

    /**
     * GRPO's group-normalised advantages: consecutive blocks of {@code groupSize} scores (one per sample of the
     * same state) each become {@code (r - mean) / (std + 1e-4)} with the block's mean and sample std; a block whose
     * scores are all equal gets zeros.
     *
     * @throws IllegalArgumentException when the length is not a multiple of {@code groupSize} or it is < 2
     */
    public static double[] groupNormalize(double[] scores, int groupSize) {
        if (groupSize < 2) {
            throw new IllegalArgumentException("groupSize must be >= 2, got " + groupSize);
        }
        if (scores.length % groupSize != 0) {
            throw new IllegalArgumentException(
                    scores.length + " scores do not split into groups of " + groupSize);
        }
        double[] out = new double[scores.length];
        for (int g = 0; g < scores.length; g += groupSize) {
            double mean = mean(scores, g, g + groupSize);
            double std = std(scores, g, g + groupSize, mean);
            for (int i = g; i < g + groupSize; i++) {
                out[i] = (scores[i] - mean) / (std + 1e-4);
            }
        }
        return out;
    }

    /** 1 - Var(returns - values) / Var(returns): how much of the return variance the critic explains (NaN if none). */
    public static double explainedVariance(double[] values, double[] returns) {
        if (returns.length < 2) {
            return Double.NaN;
        }
        double[] diff = new double[returns.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = returns[i] - values[i];
        }
        double varY = variance(returns);
        return varY == 0 ? Double.NaN : 1 - variance(diff) / varY;
    }

    private static double variance(double[] a) {
        double m = mean(a, 0, a.length);
        double s = 0;
        for (double x : a) {
            s += (x - m) * (x - m);
        }
        return s / a.length;
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }

    private static double std(double[] a, int from, int to, double mean) {
        int n = to - from;
        if (n < 2) {
            return 0;
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (a[i] - mean) * (a[i] - mean);
        }
        return Math.sqrt(s / (n - 1));
    }
}
