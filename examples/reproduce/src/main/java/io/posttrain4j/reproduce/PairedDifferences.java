package io.posttrain4j.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Differences in success between two checkpoints on the same evaluation hands (every checkpoint plays the same
 * seeds), with the paired standard error: for per-hand differences d_i in {-1, 0, 1}, sd(d) / sqrt(n). Hands both
 * solve or both miss cancel, so the paired error is smaller than the two rates' errors combined.
 */
final class PairedDifferences {
    private PairedDifferences() {}

    /**
     * A paired difference in percentage points.
     *
     * @param points mean of a_i - b_i, in points
     * @param standardError its standard error, in points
     * @param better hands that a solves and b does not
     * @param worse hands that b solves and a does not
     * @param hands hands compared
     */
    record Difference(double points, double standardError, int better, int worse, int hands) {
        String format() {
            return String.format(Locale.ROOT, "%+.1f ± %.1f (%d better, %d worse)", points, standardError, better, worse);
        }
    }

    /** One row of the table: the arms of a comparison against the init and against each other. */
    record Row(String task, String variant, double gflops, Difference rlVsInit, Difference sftVsInit,
            Difference rlVsSft) {}

    /** {@code a - b} hand by hand; both strings hold one '1' or '0' per hand, in the same order. */
    static Difference of(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length() != b.length() || a.isEmpty()) {
            throw new IllegalArgumentException("need the same non-zero number of hands, got " + a.length() + " and "
                    + b.length());
        }
        int n = a.length();
        int better = 0;
        int worse = 0;
        for (int i = 0; i < n; i++) {
            int d = (a.charAt(i) == '1' ? 1 : 0) - (b.charAt(i) == '1' ? 1 : 0);
            if (d > 0) {
                better++;
            } else if (d < 0) {
                worse++;
            }
        }
        double mean = (better - worse) / (double) n;
        // sample variance of d over the n hands: E[d^2] - mean^2, with d^2 = 1 on every discordant hand
        double variance = n > 1 ? ((better + worse) / (double) n - mean * mean) * n / (n - 1) : 0;
        return new Difference(100 * mean, 100 * Math.sqrt(variance / n), better, worse, n);
    }

    /**
     * The rows of every success comparison whose three checkpoints carry each hand's success.
     *
     * @param bits each point's success string by {@link #key}
     */
    static List<Row> rows(List<ReproductionReport.Comparison> comparisons, Map<String, String> bits) {
        List<Row> out = new ArrayList<>();
        for (ReproductionReport.Comparison c : comparisons) {
            if (!c.metric().equals("success")) {
                continue;
            }
            String init = bits.get(key(c.init()));
            String rl = bits.get(key(c.rl()));
            String sft = bits.get(key(c.sft()));
            if (init == null || rl == null || sft == null) {
                continue;
            }
            out.add(new Row(c.task(), c.variant(), c.matchedGflops(), of(rl, init), of(sft, init), of(rl, sft)));
        }
        return out;
    }

    /** The row of {@code c}'s task and variant, or null when its hands were not paired. */
    static Row find(List<Row> rows, ReproductionReport.Comparison c) {
        return rows.stream().filter(r -> r.task().equals(c.task()) && r.variant().equals(c.variant())).findFirst()
                .orElse(null);
    }

    /** The key of a point's success string: task, arm, step and variant. */
    static String key(CurvePoint p) {
        return key(p.task(), p.arm(), p.step(), p.variant());
    }

    static String key(String task, String arm, long step, String variant) {
        return task + "|" + arm + "|" + step + "|" + variant;
    }

    /** The markdown section (empty without rows). */
    static String markdown(List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Paired differences on the same hands\n\n");
        sb.append("Every checkpoint plays the same evaluation hands, so the arms compare hand by hand at the matched ")
                .append("compute above: mean difference in points ± its paired standard error (sd of the per-hand ")
                .append("differences / sqrt(n)), and the hands one solves and the other does not.\n\n");
        return sb.append(table(rows).markdown()).append('\n').toString();
    }

    /** The rows' cells (markdown in report.md, HTML in report.html). */
    static ReportTable table(List<Row> rows) {
        return new ReportTable(List.of("task", "variant", "GFLOPs", "RL - init", "SFT - init", "RL - SFT"),
                rows.stream().map(r -> List.of(r.task(), r.variant(), String.format(Locale.ROOT, "%.3g", r.gflops()),
                        r.rlVsInit().format(), r.sftVsInit().format(), r.rlVsSft().format())).toList());
    }
}
