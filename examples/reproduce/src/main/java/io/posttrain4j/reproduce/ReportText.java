package io.posttrain4j.reproduce;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.posttrain4j.core.env.Split;

/** The body of {@code report.md}: what ran, the comparison table, the ablation, the plots, and caveats. */
final class ReportText {
    private ReportText() {}

    static String of(ReproductionPlan plan, List<CurvePoint> points, List<String> plots, WallTime took,
            Map<String, Path> bases) {
        return of(plan, points, plots, took, bases, List.of());
    }

    /**
     * As above, with the paired differences of the checkpoints with per-hand successes: the verdicts use their
     * paired errors, and their table follows the verdicts and the ablation.
     */
    static String of(ReproductionPlan plan, List<CurvePoint> points, List<String> plots, WallTime took,
            Map<String, Path> bases, List<PairedDifferences.Row> paired) {
        boolean base = !bases.isEmpty();
        StringBuilder sb = new StringBuilder();
        sb.append("# Reproduction: SFT memorizes, RL generalizes (plan `").append(plan.name()).append("`)\n\n");
        sb.append(String.format(Locale.ROOT, "%s. Seed %d. Tasks: %s.%n%n", took.sentence(), plan.seed(),
                String.join(", ", plan.tasks().stream().map(TaskPlan::name).toList())));
        sb.append(design(plan, bases)).append('\n');
        sb.append("Every checkpoint is evaluated greedily at fixed seeds. Compute: SFT = 6N(D_init + D_sft), RL = ")
                .append("6N(D_init + D_rl) + 2N D_buffer (the study's formulas)")
                .append(base ? "; a base's pretraining is not counted" : "").append(".\n")
                .append("Columns compare the arms at matched compute: the largest GFLOPs both arms reached. Error\n")
                .append("bars: sqrt(p(1-p)/n). The study's numbers are for Llama-3.2-11B-Vision; ours are for a ")
                .append(base ? (bases.size() == plan.tasks().size() ? "small pretrained model"
                        : "small model, pretrained where a base is named above and from scratch elsewhere,")
                        : "small model trained from scratch")
                .append(" on a CPU, so compare directions, not levels.\n\n");
        List<ReproductionReport.Comparison> rows = ReproductionReport.compare(points, "rl");
        sb.append("## Init vs RL vs SFT at matched compute\n\n").append(ReproductionReport.table(rows)).append('\n');
        sb.append("## Verdict per OOD evaluation\n\n");
        verdicts(rows, paired).forEach(v -> sb.append("- ").append(v).append('\n'));
        sb.append('\n');
        appendAblation(sb, points);
        sb.append(PairedDifferences.markdown(paired));
        sb.append("## Plots\n\n");
        for (String p : plots) {
            sb.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        sb.append("Sample episodes of every evaluated checkpoint, as the policy saw them: `report.html`.\n\n");
        sb.append("Raw data: `curves.csv`, `curves.jsonl`; per task: training metrics in `<task>/sft/metrics.jsonl` and\n")
                .append("`<task>/rl*/metrics.jsonl` (each other arm in its own folder), checkpoints under `checkpoints/`, ")
                .append("evaluations in\n`evals.jsonl`.\n\n");
        return sb.toString();
    }

    /** How each task's init and arms were made: from scratch or from the base, one SFT run or an init of its own. */
    static String design(ReproductionPlan plan, Map<String, Path> bases) {
        StringBuilder sb = new StringBuilder();
        for (TaskPlan t : plan.tasks()) {
            Path base = bases.get(t.name());
            String from = base != null ? "from the base `" + base + "`" : "from scratch";
            sb.append(String.format(Locale.ROOT, "%s: ", t.name()));
            if (t.separateInit()) {
                sb.append(String.format(Locale.ROOT, "the init is an SFT run %s of %d steps at a peak rate of %.2g; the "
                        + "SFT arm continues it for %d steps at %.2g", from, t.initStep(), t.initLearningRate(),
                        t.sftSteps() - t.initStep(), t.sftLearningRate()));
            } else {
                sb.append(String.format(Locale.ROOT, "one SFT run %s of %d steps; its checkpoint at step %d is the "
                        + "init and the rest of the run the SFT arm", from, t.sftSteps(), t.initStep()));
            }
            sb.append(String.format(Locale.ROOT, "; the RL arm is %d PPO updates of %d transitions from the init",
                    t.rlUpdates(), t.rlTransitions()));
            if (t.rlVerifySteps().size() > 1) {
                sb.append(String.format(Locale.ROOT, " with %d verification step%s; the ablation's arms with %s steps %s",
                        t.mainVerifySteps(), t.mainVerifySteps() == 1 ? "" : "s",
                        t.rlVerifySteps().subList(1, t.rlVerifySteps().size()), t.ablationAtEqualCompute()
                                ? "stop at its RL compute" : "run as many updates"));
            }
            sb.append(String.format(Locale.ROOT, ".%n"));
        }
        return sb.toString();
    }

    /** How far RL - SFT must lie from 0, in standard errors, for a verdict other than "too close to call". */
    static final double VERDICT_STANDARD_ERRORS = 2.0;

    /**
     * One line per OOD comparison of success or step accuracy: both arms' change from the init, RL - SFT with its
     * standard error, and the verdict against the study (whose RL arm beat its SFT arm on every OOD evaluation):
     * "agrees" when RL - SFT exceeds {@value #VERDICT_STANDARD_ERRORS} standard errors, "disagrees" when SFT - RL
     * does, "too close to call" otherwise. The error is paired (same hands, {@link PairedDifferences}) where
     * {@code paired} holds the comparison, else the root sum of squares of the two arms' binomial errors.
     */
    static List<String> verdicts(List<ReproductionReport.Comparison> rows, List<PairedDifferences.Row> paired) {
        List<String> out = new java.util.ArrayList<>();
        for (ReproductionReport.Comparison c : rows) {
            if (c.split() == Split.IN_DISTRIBUTION || !c.metric().matches("success|step_accuracy")) {
                continue;
            }
            double rl = c.rl().percent() - c.init().percent();
            double sft = c.sft().percent() - c.init().percent();
            PairedDifferences.Row row = c.metric().equals("success") ? PairedDifferences.find(paired, c) : null;
            PairedDifferences.Difference d = row != null ? row.rlVsSft() : null;
            double diff = d != null ? d.points() : rl - sft;
            double error = d != null ? d.standardError() : Math.hypot(c.rl().errorPercent(), c.sft().errorPercent());
            String how = d != null ? String.format(Locale.ROOT, "paired, %d hands", d.hands()) : "unpaired";
            double margin = VERDICT_STANDARD_ERRORS * error;
            String verdict = diff > margin ? "agrees with the study (RL generalizes better than SFT)"
                    : -diff > margin ? "disagrees with the study (SFT does better than RL)"
                    : "too close to call";
            out.add(String.format(Locale.ROOT, "%s %s (%s): RL %+.1f, SFT %+.1f points vs init; RL - SFT %+.1f ± %.1f "
                    + "(%s): %s.", c.task(), c.variant(), c.metric(), rl, sft, diff, error, how, verdict));
        }
        return out;
    }

    /**
     * Verification scaling: every RL arm of a task at the same compute (the least any of them reached), in and out
     * of distribution, beside the init.
     */
    private static void appendAblation(StringBuilder sb, List<CurvePoint> points) {
        List<String> arms = points.stream().map(CurvePoint::arm).filter(a -> a.startsWith("rl-v")).distinct().toList();
        if (arms.isEmpty()) {
            return;
        }
        List<String> all = concat("rl", arms);
        Map<List<String>, List<CurvePoint>> groups = successByTaskAndVariant(points);
        sb.append("## Verification scaling (RL arms with different verification steps, equal compute)\n\n");
        sb.append(ablationHeader("GFLOPs", all));
        groups.forEach((key, ps) -> {
            double common = all.stream().mapToDouble(a -> ps.stream().filter(p -> p.arm().equals(a))
                    .mapToDouble(CurvePoint::gflops).max().orElse(-1)).min().orElse(-1);
            CurvePoint init = init(ps);
            if (common < init.gflops()) {
                return; // an arm has no evaluated checkpoint yet
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | success | %.3g | %.1f | ", key.get(0), key.get(1), common,
                    init.percent()));
            for (String a : all) {
                CurvePoint at = ReproductionReport.atOrBefore(ps, a, common).orElse(init);
                sb.append(String.format(Locale.ROOT, "%.1f ± %.1f (%+.1f) | ", at.percent(), at.errorPercent(),
                        at.percent() - init.percent()));
            }
            sb.append('\n');
        });
        sb.append('\n');
        appendAblationAtEqualUpdates(sb, groups, all);
        sb.append("\nArm `rl` trains with the task's first verification-step count, `rl-v<k>` with k. Study (GP-L, ")
                .append("OOD gain at equal compute): +0.48 (1 step), +2.15 (3), +2.99 (5), +5.99 (10).\n\n");
    }

    /**
     * The same arms at equal updates: each at the largest update every arm has an evaluated checkpoint at (an arm
     * with more verification steps spends more compute per update).
     */
    private static void appendAblationAtEqualUpdates(StringBuilder sb, Map<List<String>, List<CurvePoint>> groups,
            List<String> all) {
        StringBuilder rows = new StringBuilder();
        groups.forEach((key, ps) -> {
            java.util.Set<Long> common = new java.util.TreeSet<>(stepsOf(ps, all.get(0)));
            all.forEach(a -> common.retainAll(stepsOf(ps, a)));
            if (common.isEmpty()) {
                return; // no update at which every arm was evaluated
            }
            long update = java.util.Collections.max(common);
            CurvePoint init = init(ps);
            rows.append(String.format(Locale.ROOT, "| %s | %s | success | %d | %.1f | ", key.get(0), key.get(1), update,
                    init.percent()));
            for (String a : all) {
                CurvePoint at = ps.stream().filter(p -> p.arm().equals(a) && p.step() == update).findFirst()
                        .orElseThrow();
                rows.append(String.format(Locale.ROOT, "%.1f ± %.1f (%+.1f, %.3g GFLOPs) | ", at.percent(),
                        at.errorPercent(), at.percent() - init.percent(), at.gflops()));
            }
            rows.append('\n');
        });
        if (rows.isEmpty()) {
            return;
        }
        sb.append("At equal updates (each arm at the last update all of them were evaluated at; its GFLOPs in the ")
                .append("cell):\n\n").append(ablationHeader("update", all)).append(rows);
    }

    /** The success points of each task and variant that has an init, keyed by [task, variant], in the init's order. */
    private static Map<List<String>, List<CurvePoint>> successByTaskAndVariant(List<CurvePoint> points) {
        Map<List<String>, List<CurvePoint>> groups = new java.util.LinkedHashMap<>();
        points.stream().filter(p -> p.arm().equals("init") && p.metric().equals("success"))
                .forEach(p -> groups.putIfAbsent(List.of(p.task(), p.variant()), points.stream()
                        .filter(q -> q.task().equals(p.task()) && q.variant().equals(p.variant())
                                && q.metric().equals("success")).toList()));
        return groups;
    }

    private static CurvePoint init(List<CurvePoint> ps) {
        return ps.stream().filter(p -> p.arm().equals("init")).findFirst().orElseThrow();
    }

    private static List<Long> stepsOf(List<CurvePoint> ps, String arm) {
        return ps.stream().filter(p -> p.arm().equals(arm)).map(CurvePoint::step).toList();
    }

    /** The ablation tables' header: task, variant, metric, {@code column}, init, then one column per arm. */
    private static String ablationHeader(String column, List<String> arms) {
        StringBuilder sb = new StringBuilder("| task | variant | metric | " + column + " | init | ");
        arms.forEach(a -> sb.append(a).append(" | "));
        sb.append("\n|---|---|---|---|---|");
        arms.forEach(a -> sb.append("---|"));
        return sb.append('\n').toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        java.util.ArrayList<String> l = new java.util.ArrayList<>();
        l.add(first);
        l.addAll(rest);
        return l;
    }
}
