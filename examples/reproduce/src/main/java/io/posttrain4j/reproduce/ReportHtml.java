package io.posttrain4j.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * {@code report.html}: the report for reading in a browser, self-contained (plots and images inline as data URIs,
 * styles inline, no script, no network). The comparison table, the verdicts, the curves, and per task, arm and
 * checkpoint the sample episodes exactly as the policy read them (text and images), its answers and the
 * verifier's reward and feedback.
 *
 * <p>Structure (stable, checked by tests): {@code table.comparison} with one {@code tbody tr} per comparison row;
 * {@code ul.verdicts}; for checkpoints with per-hand successes {@code table.paired} (one row per success
 * comparison); with other arms {@code table.other-arms}; {@code figure.plot img}; from a base, {@code table.kl} (one row per checkpoint and OOD
 * evaluation); per task {@code section.task[data-task]} holding one
 * {@code details.checkpoint[data-arm][data-step]} per evaluated checkpoint, each holding
 * {@code article.episode[data-variant]} with {@code div.turn} elements ({@code pre.user}, {@code img.observation},
 * {@code pre.answer}, {@code p.feedback}).
 */
final class ReportHtml {
    private ReportHtml() {}

    /**
     * One evaluated checkpoint and its sample episodes.
     *
     * @param task the task, e.g. {@code gp-l}
     * @param arm {@code init}, {@code sft}, {@code rl} or {@code rl-v<k>}
     * @param step the arm's step or update
     * @param gflops training compute at this checkpoint
     * @param klFromBase the forward KL from the base on training prompts (nats per response), NaN when the run has
     *     no base
     * @param episodes the sample episodes, in variant order
     */
    record Checkpoint(String task, String arm, long step, double gflops, double klFromBase,
            List<SampleEpisode> episodes) {
        Checkpoint {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(arm, "arm");
            episodes = List.copyOf(episodes);
        }
    }

    /**
     * What the page shows.
     *
     * @param plots PNG files beside the page
     * @param paired the paired differences of the checkpoints with per-hand successes
     * @param klPlots PNG files of the KL plots
     * @param checkpoints every evaluated checkpoint with its sample episodes
     * @param bases each task's base (task name to policy folder); a task not named started from scratch
     * @param otherArms the arms beyond the study at matched compute ({@link OtherArms#table}), or null for none
     */
    record Contents(ReproductionPlan plan, List<CurvePoint> points, List<String> plots,
            List<PairedDifferences.Row> paired, List<KlReport.Row> klRows, List<String> klPlots,
            List<Checkpoint> checkpoints, WallTime took, Map<String, Path> bases, ReportTable otherArms) {}

    /** Writes the page atomically; the plots are PNG files beside it. */
    static void write(Path file, Contents contents) throws IOException {
        AtomicFiles.writeString(file, render(contents, file.getParent()));
    }

    static String render(Contents contents, Path plotDir) throws IOException {
        ReproductionPlan plan = contents.plan();
        List<CurvePoint> points = contents.points();
        List<String> plots = contents.plots();
        List<PairedDifferences.Row> paired = contents.paired();
        List<KlReport.Row> klRows = contents.klRows();
        List<String> klPlots = contents.klPlots();
        List<Checkpoint> checkpoints = contents.checkpoints();
        WallTime took = contents.took();
        Map<String, Path> bases = contents.bases();
        StringBuilder h = new StringBuilder();
        String title = "Reproduction: SFT memorizes, RL generalizes (plan " + plan.name() + ")";
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append(fmt("<p class=\"run\">%s. Seed %d. Tasks: %s.</p>%n", esc(took.sentence()), plan.seed(),
                esc(String.join(", ", plan.tasks().stream().map(TaskPlan::name).toList()))));
        h.append("<ul class=\"design\">\n");
        for (String line : ReportText.design(plan, bases).split("\n")) {
            h.append("<li>").append(esc(line.replace("`", ""))).append("</li>\n");
        }
        h.append("</ul>\n<p>Every checkpoint is evaluated greedily at fixed seeds; compute by the study's formulas")
                .append(!bases.isEmpty() ? " (the base's pretraining not counted)" : "").append(". Error bars: ")
                .append("sqrt(p(1-p)/n). The study's numbers are for Llama-3.2-11B-Vision: compare directions, not ")
                .append("levels.</p>\n");

        List<ReproductionReport.Comparison> rows = ReproductionReport.compare(points, "rl");
        h.append("<h2 id=\"table\">Init vs RL vs SFT at matched compute</h2>\n")
                .append(ReproductionReport.comparisonTable(rows).html("comparison"));

        h.append("<h2 id=\"verdicts\">Verdict per OOD evaluation</h2>\n<ul class=\"verdicts\">\n");
        for (String v : ReportText.verdicts(rows, paired)) {
            h.append("<li>").append(esc(v)).append("</li>\n");
        }
        h.append("</ul>\n");

        if (!paired.isEmpty()) {
            h.append("<h2 id=\"paired\">Paired differences on the same hands</h2>\n<p>Mean difference in points ± "
                    + "its paired standard error, and the hands one solves and the other does not, at the matched "
                    + "compute above.</p>\n").append(PairedDifferences.table(paired).html("paired"));
        }

        if (contents.otherArms() != null && !contents.otherArms().rows().isEmpty()) {
            h.append("<h2 id=\"other-arms\">Beyond the study: other arms from the same init</h2>\n<p>")
                    .append(esc(OtherArms.DESCRIPTION.strip().replace("`", ""))).append("</p>\n")
                    .append(contents.otherArms().html("other-arms"));
        }

        h.append("<h2 id=\"curves\">Curves</h2>\n<p>Success (or the task's metric) against training GFLOPs by the "
                + "study's formulas; RL in blue, SFT in red, the init in grey.</p>\n");
        appendPlots(h, plots, plotDir);

        if (!klRows.isEmpty()) {
            h.append("<h2 id=\"kl\">Forgetting: KL from the base against the OOD change</h2>\n<p>Forward KL from the "
                    + "base (nats per response, on the base's samples of training prompts) at every evaluated "
                    + "checkpoint, beside its OOD change from the init.</p>\n").append(KlReport.table(klRows).html("kl"));
            appendPlots(h, klPlots, plotDir);
        }

        h.append("<h2 id=\"samples\">Sample episodes</h2>\n<p>The first episodes of every evaluated variant at every "
                + "checkpoint (the same tasks for every checkpoint: the evaluation's seeds), turn by turn: what the "
                + "policy read, what it answered, and the verifier's reward and feedback. Open a checkpoint to see "
                + "them.</p>\n");
        for (TaskPlan t : plan.tasks()) {
            h.append("<section class=\"task\" data-task=\"").append(esc(t.name())).append("\">\n<h3>")
                    .append(esc(t.name())).append("</h3>\n");
            for (Checkpoint c : checkpoints) {
                if (c.task().equals(t.name())) {
                    appendCheckpoint(h, c, points);
                }
            }
            h.append("</section>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void appendPlots(StringBuilder h, List<String> plots, Path plotDir) throws IOException {
        for (String p : plots) {
            byte[] png = Files.readAllBytes(plotDir.resolve(p));
            h.append("<figure class=\"plot\"><img alt=\"").append(esc(p)).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(p))
                    .append("</figcaption></figure>\n");
        }
    }

    private static void appendCheckpoint(StringBuilder h, Checkpoint c, List<CurvePoint> points) {
        StringBuilder scores = new StringBuilder();
        points.stream().filter(p -> p.task().equals(c.task()) && p.arm().equals(c.arm()) && p.step() == c.step())
                .forEach(p -> scores.append(fmt(", %s %s %.1f%%", p.variant(), p.metric(), p.percent())));
        h.append("<details class=\"checkpoint\" data-arm=\"").append(esc(c.arm())).append("\" data-step=\"")
                .append(c.step()).append("\">\n<summary>").append(esc(fmt("%s, %s %d, %.3g GFLOPs", c.arm(),
                        OtherArms.isRl(c.arm()) ? "update" : "step", c.step(), c.gflops())))
                .append(Double.isNaN(c.klFromBase()) ? "" : esc(fmt(", KL from base %.3f", c.klFromBase())))
                .append(esc(scores.toString())).append("</summary>\n");
        if (c.episodes().isEmpty()) {
            h.append("<p>No episodes were kept for this checkpoint.</p>\n");
        }
        for (SampleEpisode e : c.episodes()) {
            h.append("<article class=\"episode ").append(e.success() ? "solved" : "failed").append("\" data-variant=\"")
                    .append(esc(e.variant())).append("\">\n<h4>")
                    .append(esc(fmt("%s, episode %d: %s, return %.2f, %d turn%s", e.variant(), e.index(),
                            e.success() ? "success" : "no success", e.totalReward(), e.allTurns(),
                            e.allTurns() == 1 ? "" : "s")))
                    .append("</h4>\n");
            int k = 0;
            for (SampleEpisode.Turn turn : e.turns()) {
                h.append("<div class=\"turn\">\n<p class=\"label\">turn ").append(k++).append(": the policy read</p>\n");
                h.append("<pre class=\"user\">").append(esc(turn.user())).append("</pre>\n");
                for (String img : turn.images()) {
                    h.append("<img class=\"observation\" alt=\"the image in the prompt\" src=\"data:image/png;base64,")
                            .append(img).append("\">\n");
                }
                h.append("<p class=\"label\">it answered</p>\n<pre class=\"answer\">").append(esc(turn.answer()))
                        .append("</pre>\n");
                h.append("<p class=\"feedback\">").append(esc(fmt("reward %.2f", turn.reward())))
                        .append(turn.feedback().isEmpty() ? "" : ": " + esc(turn.feedback())).append("</p>\n</div>\n");
            }
            if (e.allTurns() > e.turns().size()) {
                h.append("<p class=\"more\">").append(e.allTurns() - e.turns().size())
                        .append(" more turns not shown.</p>\n");
            }
            h.append("</article>\n");
        }
        h.append("</details>\n");
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
            table.comparison, table.kl, table.paired, table.other-arms { border-collapse: collapse; font-size: 0.9em; }
            table.comparison th, table.comparison td, table.kl th, table.kl td, table.paired th, table.paired td,
            table.other-arms th, table.other-arms td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
            table.other-arms td:nth-child(-n+5) { text-align: left; }
            table.comparison th { background: #f3f3f3; }
            table.comparison td:nth-child(-n+4) { text-align: left; }
            figure.plot img { max-width: 100%; border: 1px solid #ddd; }
            section.task { margin-top: 1.5em; }
            details.checkpoint { border: 1px solid #ddd; border-radius: 4px; margin: 0.4em 0; padding: 0.3em 0.6em; }
            details.checkpoint summary { cursor: pointer; font-weight: 600; }
            article.episode { border-left: 4px solid #bbb; margin: 0.8em 0; padding-left: 0.8em; }
            article.episode.solved { border-left-color: #2ca02c; }
            article.episode.failed { border-left-color: #d62728; }
            pre { white-space: pre-wrap; background: #f7f7f7; padding: 0.4em; margin: 0.2em 0; font-size: 0.85em; }
            pre.answer { background: #eef4fb; }
            p.label { margin: 0.3em 0 0; color: #666; font-size: 0.85em; }
            p.feedback { margin: 0.2em 0 0.6em; font-size: 0.85em; color: #444; }
            img.observation { max-width: 32em; image-rendering: pixelated; border: 1px solid #ddd; }
            """;

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    /** Escapes text for HTML element content and double-quoted attribute values. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
