package io.posttrain4j.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.io.AtomicFiles;

/**
 * The markdown report of a reproduction run: for each task and evaluated variant, the init, the RL arm and the
 * SFT arm at matched compute (the largest compute both arms reached), beside the study's numbers, written as
 * measured whatever the outcome.
 */
public final class ReproductionReport {
    private ReproductionReport() {}

    /** The arms' values at matched compute for one task, variant and metric. */
    public record Comparison(String task, String variant, Split split, String metric, CurvePoint init,
            CurvePoint rl, CurvePoint sft, double matchedGflops) {}

    /** Compares the arms of every (task, variant, metric) found in {@code points}. */
    public static List<Comparison> compare(List<CurvePoint> points, String rlArm) {
        Set<String> keys = new LinkedHashSet<>();
        points.forEach(p -> keys.add(p.task() + "|" + p.variant() + "|" + p.metric()));
        List<Comparison> out = new ArrayList<>();
        for (String key : keys) {
            String[] k = key.split("\\|");
            List<CurvePoint> ps = points.stream()
                    .filter(p -> p.task().equals(k[0]) && p.variant().equals(k[1]) && p.metric().equals(k[2]))
                    .toList();
            Optional<CurvePoint> init = ps.stream().filter(p -> p.arm().equals("init")).findFirst();
            double rlMax = ps.stream().filter(p -> p.arm().equals(rlArm)).mapToDouble(CurvePoint::gflops).max().orElse(-1);
            double sftMax = ps.stream().filter(p -> p.arm().equals("sft")).mapToDouble(CurvePoint::gflops).max().orElse(-1);
            if (init.isEmpty() || rlMax < 0 || sftMax < 0) {
                continue;
            }
            double matched = Math.min(rlMax, sftMax);
            // an arm with no checkpoint at or before the matched compute stands where both arms start: the init
            out.add(new Comparison(k[0], k[1], ps.get(0).split(), k[2], init.get(),
                    atOrBefore(ps, rlArm, matched).orElse(init.get()),
                    atOrBefore(ps, "sft", matched).orElse(init.get()), matched));
        }
        return out;
    }

    /** The arm's point with the most compute at or before {@code gflops}, if it has one. */
    static Optional<CurvePoint> atOrBefore(List<CurvePoint> ps, String arm, double gflops) {
        return ps.stream()
                .filter(p -> p.arm().equals(arm) && p.gflops() <= gflops * (1 + 1e-9))
                .max(Comparator.comparingDouble(CurvePoint::gflops));
    }

    /** The comparison table in markdown, with the study's numbers where it has them. */
    public static String table(List<Comparison> rows) {
        return comparisonTable(rows).markdown();
    }

    /** The comparison table's cells (markdown in report.md, HTML in report.html). */
    static ReportTable comparisonTable(List<Comparison> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (Comparison c : rows) {
            String study = StudyNumbers.of(c.task(), c.split())
                    .filter(r -> !c.metric().equals("card_accuracy"))
                    .map(r -> fmt("%.1f / %.1f / %.1f", r.init(), r.rl(), r.sft()))
                    .orElse("-");
            cells.add(List.of(c.task(), c.variant(), c.split().label(), c.metric(), fmt("%.3g", c.matchedGflops()),
                    pct(c.init()), pct(c.rl()), pct(c.sft()), fmt("%+.1f", c.rl().percent() - c.init().percent()),
                    fmt("%+.1f", c.sft().percent() - c.init().percent()), study));
        }
        return new ReportTable(List.of("task", "variant", "split", "metric", "GFLOPs", "init", "RL", "SFT", "RL - init",
                "SFT - init", "study init / RL / SFT"), cells);
    }

    /** A point's rate and binomial error in percent, as every report table writes it: {@code 12.0 ± 1.6}. */
    static String pct(CurvePoint p) {
        return fmt("%.1f ± %.1f", p.percent(), p.errorPercent());
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    /** Writes {@code report.md} atomically. */
    public static void write(Path file, String body) throws IOException {
        AtomicFiles.writeString(file, body);
    }
}
