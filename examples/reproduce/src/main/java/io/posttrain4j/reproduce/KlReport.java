package io.posttrain4j.reproduce;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.io.AtomicFiles;

/**
 * Forgetting against distance from the base, as "RL's Razor" (Shenfeld et al. 2025) reads it: per task, each
 * evaluated checkpoint's forward KL from the base on training prompts beside its change in OOD success (or step
 * accuracy) from the init; a table, {@code kl.csv} and a scatter plot per task. Written only for a reproduction
 * from a base (the KL needs one).
 */
final class KlReport {
    private KlReport() {}

    /** One checkpoint's KL and its change from the init on one OOD evaluation. */
    record Row(String task, String arm, long step, double gflops, double kl, String variant, String metric,
            double percent, double changeFromInit) {}

    /** The rows of every checkpoint that has a KL, over every OOD variant's success or step accuracy. */
    static List<Row> rows(List<ReportHtml.Checkpoint> checkpoints, List<CurvePoint> points) {
        List<Row> out = new ArrayList<>();
        for (ReportHtml.Checkpoint c : checkpoints) {
            if (Double.isNaN(c.klFromBase())) {
                continue;
            }
            for (CurvePoint p : points) {
                if (!p.task().equals(c.task()) || !p.arm().equals(c.arm()) || p.step() != c.step()
                        || p.split() == Split.IN_DISTRIBUTION || !p.metric().matches("success|step_accuracy")) {
                    continue;
                }
                Optional<CurvePoint> init = points.stream().filter(q -> q.task().equals(p.task())
                        && q.arm().equals("init") && q.variant().equals(p.variant()) && q.metric().equals(p.metric()))
                        .findFirst();
                init.ifPresent(i -> out.add(new Row(c.task(), c.arm(), c.step(), c.gflops(), c.klFromBase(),
                        p.variant(), p.metric(), p.percent(), p.percent() - i.percent())));
            }
        }
        return out;
    }

    /** The markdown section (empty when no checkpoint has a KL). */
    static String markdown(List<Row> rows, List<String> plots) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Forgetting: KL from the base against the OOD change\n\n");
        sb.append("Forward KL from the base (nats per response, on the base's samples of ").append(Reproduction.KL_PROMPTS)
                .append(" training prompts) at every evaluated checkpoint, beside its OOD change from the init. RL's ")
                .append("Razor predicts that the arm further from the base forgets more.\n\n");
        sb.append(table(rows).markdown()).append('\n');
        for (String p : plots) {
            sb.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        return sb.toString();
    }

    /** The rows' cells (markdown in report.md, HTML in report.html). */
    static ReportTable table(List<Row> rows) {
        return new ReportTable(List.of("task", "arm", "step", "GFLOPs", "KL from base", "variant", "metric", "value",
                "change from init"), rows.stream().map(r -> List.of(r.task(), r.arm(), Long.toString(r.step()),
                        fmt("%.3g", r.gflops()), fmt("%.3f", r.kl()), r.variant(), r.metric(),
                        fmt("%.1f", r.percent()), fmt("%+.1f", r.changeFromInit()))).toList());
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    /** {@code kl.csv}: the rows, written atomically. */
    static void writeCsv(Path file, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder("task,arm,step,gflops,kl_from_base,variant,metric,percent,change_from_init\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.6g,%.6g,%s,%s,%.4f,%.4f%n", r.task(), r.arm(), r.step(),
                    r.gflops(), r.kl(), r.variant(), r.metric(), r.percent(), r.changeFromInit()));
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** One panel per OOD variant and metric of {@code task}: change from the init (y) against KL (x), per arm. */
    static RgbImage render(String task, List<Row> rows, int panelWidth, int height) {
        Map<String, List<Row>> panels = new LinkedHashMap<>();
        rows.stream().filter(r -> r.task().equals(task))
                .forEach(r -> panels.computeIfAbsent(r.variant() + " " + r.metric(), k -> new ArrayList<>()).add(r));
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no KL rows for task '" + task + "'");
        }
        BufferedImage canvas = new BufferedImage(panelWidth * panels.size(), height, BufferedImage.TYPE_INT_RGB);
        var g = canvas.createGraphics();
        int x = 0;
        for (Map.Entry<String, List<Row>> e : panels.entrySet()) {
            panel(e.getKey(), e.getValue()).draw(g, new java.awt.geom.Rectangle2D.Double(x, 0, panelWidth, height));
            x += panelWidth;
        }
        g.dispose();
        return RgbImage.of(canvas);
    }

    static void writePlot(Path png, String task, List<Row> rows) {
        render(task, rows, 420, 320).writePng(png);
    }

    private static JFreeChart panel(String title, List<Row> rows) {
        Map<String, XYSeries> byArm = new LinkedHashMap<>();
        for (Row r : rows) {
            byArm.computeIfAbsent(r.arm(), a -> new XYSeries(a.toUpperCase(), false)).add(r.kl(), r.changeFromInit());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byArm.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        int k = 0;
        for (String arm : byArm.keySet()) {
            renderer.setSeriesPaint(k, CurvePlot.color(arm));
            renderer.setSeriesStroke(k, new BasicStroke(2f));
            k++;
        }
        NumberAxis xAxis = new NumberAxis("forward KL from the base (nats)");
        NumberAxis yAxis = new NumberAxis("OOD change from init (points)");
        return CurvePlot.chart(title, new XYPlot(data, xAxis, yAxis, renderer));
    }
}
