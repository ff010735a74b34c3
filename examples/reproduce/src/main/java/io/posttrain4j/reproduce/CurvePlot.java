package io.posttrain4j.reproduce;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import io.posttrain4j.core.image.RgbImage;

/**
 * Success vs training GFLOPs in the style of the study's figures: one panel per evaluated variant, one line per
 * arm (RL in blue, SFT in red, ablation arms rl-v<k> in colours of their own, the init as a grey point), error
 * bars sqrt(p(1-p)/n).
 */
public final class CurvePlot {
    private static final Map<String, Color> COLORS = Map.ofEntries(
            Map.entry("rl", new Color(0x1f77b4)), Map.entry("sft", new Color(0xd62728)),
            Map.entry("init", new Color(0x555555)),
            // the verification-scaling arms rl-v1, rl-v3, rl-v10, ...: other colours of the same palette
            Map.entry("rl-v1", new Color(0x2ca02c)), Map.entry("rl-v3", new Color(0xff7f0e)),
            Map.entry("rl-v5", new Color(0x17becf)), Map.entry("rl-v10", new Color(0x9467bd)),
            // the arms beyond the study (OtherArms)
            Map.entry("rules", new Color(0x8c564b)), Map.entry("rft", new Color(0xe377c2)),
            Map.entry("grpo", new Color(0xbcbd22)), Map.entry("kl", new Color(0x393b79)));

    private CurvePlot() {}

    /** The colour of an arm in every plot of a report. */
    static Color color(String arm) {
        return COLORS.getOrDefault(arm, COLORS.getOrDefault(arm.replaceAll("-.*", ""), Color.DARK_GRAY));
    }

    /** Renders the panels of {@code task}, metric {@code metric}, side by side, and writes a PNG atomically. */
    public static RgbImage render(String task, String metric, List<CurvePoint> points, int panelWidth, int height) {
        Map<String, List<CurvePoint>> byVariant = new LinkedHashMap<>();
        for (CurvePoint p : points) {
            if (p.task().equals(task) && p.metric().equals(metric)) {
                byVariant.computeIfAbsent(p.variant(), k -> new java.util.ArrayList<>()).add(p);
            }
        }
        if (byVariant.isEmpty()) {
            throw new IllegalArgumentException("no points for task '" + task + "' and metric '" + metric + "'");
        }
        BufferedImage canvas = new BufferedImage(panelWidth * byVariant.size(), height, BufferedImage.TYPE_INT_RGB);
        var g = canvas.createGraphics();
        int x = 0;
        for (Map.Entry<String, List<CurvePoint>> e : byVariant.entrySet()) {
            JFreeChart chart = panel(e.getKey(), metric, e.getValue());
            chart.draw(g, new java.awt.geom.Rectangle2D.Double(x, 0, panelWidth, height));
            x += panelWidth;
        }
        g.dispose();
        return RgbImage.of(canvas);
    }

    public static void write(Path png, String task, String metric, List<CurvePoint> points) throws IOException {
        render(task, metric, points, 420, 320).writePng(png);
    }

    private static JFreeChart panel(String variant, String metric, List<CurvePoint> points) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        CurvePoint init = null;
        for (CurvePoint p : points) {
            if (p.arm().equals("init")) {
                init = p;
            }
        }
        for (CurvePoint p : points) {
            String arm = p.arm().equals("init") ? null : p.arm();
            if (arm == null) {
                continue;
            }
            YIntervalSeries s = series.computeIfAbsent(arm, a -> new YIntervalSeries(a.toUpperCase()));
            s.add(p.gflops(), p.percent(), p.percent() - p.errorPercent(), p.percent() + p.errorPercent());
        }
        if (init != null) {
            // every arm starts at the init checkpoint
            for (YIntervalSeries s : series.values()) {
                s.add(init.gflops(), init.percent(), init.percent() - init.errorPercent(), init.percent() + init.errorPercent());
            }
            YIntervalSeries i = new YIntervalSeries("INIT");
            i.add(init.gflops(), init.percent(), init.percent() - init.errorPercent(), init.percent() + init.errorPercent());
            series.put("init", i);
        }
        series.values().forEach(data::addSeries);
        NumberAxis xAxis = new NumberAxis("training GFLOPs");
        xAxis.setAutoRangeIncludesZero(false);
        NumberAxis yAxis = new NumberAxis(metric.replace('_', ' ') + " (%)");
        yAxis.setRange(-2, 102);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        int k = 0;
        for (String arm : series.keySet()) {
            Color c = color(arm);
            r.setSeriesPaint(k, c);
            r.setSeriesStroke(k, new BasicStroke(2f));
            r.setSeriesLinesVisible(k, !arm.equals("init"));
            k++;
        }
        r.setErrorPaint(new Color(0, 0, 0, 90));
        return chart(variant, new XYPlot(data, xAxis, yAxis, r));
    }

    /** A report panel: white background, light grid, a bold title and a legend. */
    static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(null, new Font("SansSerif", Font.BOLD, 13), plot, true);
        chart.setTitle(new TextTitle(title, new Font("SansSerif", Font.BOLD, 13)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
