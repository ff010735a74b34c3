package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.image.RgbImage;

class ReproductionReportTest {
    private static CurvePoint p(String arm, String variant, Split split, double gflops, double hits) {
        return new CurvePoint("gp-l", arm, variant, split, "success", gflops, (long) gflops, new Tally(hits, 100));
    }

    private static final List<CurvePoint> POINTS = List.of(
            p("init", "gp-l", Split.IN_DISTRIBUTION, 10, 40),
            p("init", "gp-l-rule-ood", Split.RULE_OOD, 10, 10),
            p("sft", "gp-l", Split.IN_DISTRIBUTION, 20, 80),
            p("sft", "gp-l", Split.IN_DISTRIBUTION, 40, 95),
            p("sft", "gp-l-rule-ood", Split.RULE_OOD, 20, 5),
            p("sft", "gp-l-rule-ood", Split.RULE_OOD, 40, 2),
            p("rl", "gp-l", Split.IN_DISTRIBUTION, 15, 60),
            p("rl", "gp-l", Split.IN_DISTRIBUTION, 30, 70),
            p("rl", "gp-l-rule-ood", Split.RULE_OOD, 15, 12),
            p("rl", "gp-l-rule-ood", Split.RULE_OOD, 30, 16));

    @Test
    void armsAreComparedAtTheLargestComputeBothReached() {
        List<ReproductionReport.Comparison> rows = ReproductionReport.compare(POINTS, "rl");
        assertThat(rows).hasSize(2);
        ReproductionReport.Comparison ood = rows.get(1);
        assertThat(ood.matchedGflops()).isEqualTo(30);
        assertThat(ood.rl().gflops()).isEqualTo(30);
        assertThat(ood.sft().gflops()).isEqualTo(20); // the SFT point at 40 GFLOPs is past the matched budget
        String table = ReproductionReport.table(rows);
        assertThat(table).contains("| gp-l | gp-l-rule-ood | rule-ood | success | 30.0 | 10.0 ± 3.0 | 16.0 ± 3.7 | 5.0 ± 2.2 | +6.0 | -5.0 | 11.5 / 15.0 / 3.4 |");
    }

    @Test
    void anArmWithNoCheckpointWithinTheMatchedComputeStandsAtTheInit() {
        // RL stops at 15 GFLOPs, before SFT's first checkpoint at 20: SFT is read at the init
        List<CurvePoint> points = List.of(
                p("init", "gp-l", Split.IN_DISTRIBUTION, 10, 40),
                p("sft", "gp-l", Split.IN_DISTRIBUTION, 20, 80),
                p("rl", "gp-l", Split.IN_DISTRIBUTION, 15, 55));
        ReproductionReport.Comparison c = ReproductionReport.compare(points, "rl").get(0);
        assertThat(c.matchedGflops()).isEqualTo(15);
        assertThat(c.rl().gflops()).isEqualTo(15);
        assertThat(c.sft()).isEqualTo(c.init());
    }

    @Test
    void curvesSurviveACsvRoundTrip(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("curves.csv");
        CurvesCsv.write(f, POINTS);
        assertThat(CurvesCsv.read(f)).isEqualTo(POINTS);
    }

    @Test
    void thePlotDrawsTheRlArmInBlueAndTheSftArmInRed() {
        RgbImage img = CurvePlot.render("gp-l", "success", POINTS, 420, 320);
        assertThat(img.width()).isEqualTo(840);
        int blue = 0;
        int red = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int c = img.rgb(x, y);
                if (c == 0x1f77b4) {
                    blue++;
                } else if (c == 0xd62728) {
                    red++;
                }
            }
        }
        assertThat(blue).isGreaterThan(50);
        assertThat(red).isGreaterThan(50);
    }

    @Test
    void eachAblationArmGetsAColourOfItsOwn() {
        List<CurvePoint> points = new java.util.ArrayList<>(POINTS);
        points.add(p("rl-v10", "gp-l", Split.IN_DISTRIBUTION, 25, 50));
        points.add(p("rl-v10", "gp-l", Split.IN_DISTRIBUTION, 35, 52));
        RgbImage img = CurvePlot.render("gp-l", "success", points, 420, 320);
        int purple = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (img.rgb(x, y) == 0x9467bd) {
                    purple++;
                }
            }
        }
        assertThat(purple).isGreaterThan(50);
    }

    @Test
    void theReportGivesAVerdictPerOodEvaluation() {
        String text = ReportText.of(ReproductionPlan.quick(), POINTS, List.of("gp-l-success.png"), new WallTime(java.time.Duration.ofMinutes(3), 1), java.util.Map.of());
        // unpaired: RL - SFT = 11.0 against sqrt(3.7^2 + 2.2^2) = 4.3, beyond two errors
        assertThat(text).contains("- gp-l gp-l-rule-ood (success): RL +6.0, SFT -5.0 points vs init; RL - SFT +11.0 ± 4.3 "
                + "(unpaired): agrees with the study (RL generalizes better than SFT).");
        assertThat(text).contains("![gp-l-success.png](gp-l-success.png)");
    }

    @Test
    void aVerdictUsesThePairedErrorWhereTheHandsWerePaired() {
        List<ReproductionReport.Comparison> rows = ReproductionReport.compare(POINTS, "rl");
        PairedDifferences.Difference none = new PairedDifferences.Difference(0, 0, 0, 0, 100);
        // the same 11 points with a paired error of 6: within two errors
        PairedDifferences.Row wide = new PairedDifferences.Row("gp-l", "gp-l-rule-ood", 30, none, none,
                new PairedDifferences.Difference(11, 6, 14, 3, 100));
        assertThat(ReportText.verdicts(rows, List.of(wide))).containsExactly("gp-l gp-l-rule-ood (success): RL +6.0, "
                + "SFT -5.0 points vs init; RL - SFT +11.0 ± 6.0 (paired, 100 hands): too close to call.");
        PairedDifferences.Row worse = new PairedDifferences.Row("gp-l", "gp-l-rule-ood", 30, none, none,
                new PairedDifferences.Difference(-7, 3, 1, 8, 100));
        assertThat(ReportText.verdicts(rows, List.of(worse))).singleElement().asString()
                .endsWith("RL - SFT -7.0 ± 3.0 (paired, 100 hands): disagrees with the study (SFT does better than RL).");
        // a paired row of another variant does not apply
        PairedDifferences.Row other = new PairedDifferences.Row("gp-l", "gp-l", 30, none, none,
                new PairedDifferences.Difference(-7, 3, 1, 8, 100));
        assertThat(ReportText.verdicts(rows, List.of(other))).singleElement().asString().contains("(unpaired)");
        // the markdown report carries the paired verdict and the paired table
        String text = ReportText.of(ReproductionPlan.quick(), POINTS, List.of(), new WallTime(java.time.Duration.ofMinutes(3), 1), java.util.Map.of(),
                List.of(wide));
        assertThat(text).contains("(paired, 100 hands): too close to call.", "## Paired differences on the same hands");
    }

    @Test
    void theAblationComparesEveryRlArmAtTheLeastComputeAllReached() {
        List<CurvePoint> points = new java.util.ArrayList<>(POINTS);
        points.add(p("rl-v1", "gp-l", Split.IN_DISTRIBUTION, 12, 50));
        points.add(p("rl-v1", "gp-l", Split.IN_DISTRIBUTION, 25, 55));
        points.add(p("rl-v1", "gp-l-rule-ood", Split.RULE_OOD, 12, 10));
        points.add(p("rl-v1", "gp-l-rule-ood", Split.RULE_OOD, 25, 11));
        String text = ReportText.of(ReproductionPlan.quick(), points, List.of(), new WallTime(java.time.Duration.ofMinutes(3), 1), java.util.Map.of());
        // rl reached 30, rl-v1 25: both are read at or before 25 GFLOPs (rl's point at 15)
        assertThat(text).contains("| task | variant | metric | GFLOPs | init | rl | rl-v1 | ");
        assertThat(text).contains("| gp-l | gp-l | success | 25.0 | 40.0 | 60.0 ± 4.9 (+20.0) | 55.0 ± 5.0 (+15.0) | ");
        assertThat(text).contains("| gp-l | gp-l-rule-ood | success | 25.0 | 10.0 | 12.0 ± 3.2 (+2.0) | 11.0 ± 3.1 (+1.0) | ");
    }

    @Test
    void theAblationAlsoComparesTheArmsAtTheLastUpdateAllWereEvaluatedAt() {
        List<CurvePoint> points = new java.util.ArrayList<>(POINTS.stream().filter(c -> !c.arm().equals("rl")).toList());
        for (String variant : List.of("gp-l", "gp-l-rule-ood")) {
            Split split = variant.equals("gp-l") ? Split.IN_DISTRIBUTION : Split.RULE_OOD;
            int shift = variant.equals("gp-l") ? 0 : -40;
            // rl: updates 4 and 8 at 15 and 30 GFLOPs; rl-v3 (longer conversations): updates 4 and 6 at 25 and 40
            points.add(new CurvePoint("gp-l", "rl", variant, split, "success", 15, 4, new Tally(60 + shift, 100)));
            points.add(new CurvePoint("gp-l", "rl", variant, split, "success", 30, 8, new Tally(70 + shift, 100)));
            points.add(new CurvePoint("gp-l", "rl-v3", variant, split, "success", 25, 4, new Tally(50 + shift, 100)));
            points.add(new CurvePoint("gp-l", "rl-v3", variant, split, "success", 40, 6, new Tally(55 + shift, 100)));
        }
        String text = ReportText.of(ReproductionPlan.quick(), points, List.of(), new WallTime(java.time.Duration.ofMinutes(3), 1),
                java.util.Map.of());
        assertThat(text).contains("At equal updates", "| task | variant | metric | update | init | rl | rl-v3 | ");
        assertThat(text).contains("| gp-l | gp-l | success | 4 | 40.0 | 60.0 ± 4.9 (+20.0, 15.0 GFLOPs) | "
                + "50.0 ± 5.0 (+10.0, 25.0 GFLOPs) | ");
        assertThat(text).contains("| gp-l | gp-l-rule-ood | success | 4 | 10.0 | 20.0 ± 4.0 (+10.0, 15.0 GFLOPs) | "
                + "10.0 ± 3.0 (+0.0, 25.0 GFLOPs) | ");
        // at equal compute: the least any reached (rl 30, rl-v3 40): rl at 30, rl-v3 at 25
        assertThat(text).contains("| gp-l | gp-l | success | 30.0 | 40.0 | 70.0 ± 4.6 (+30.0) | 50.0 ± 5.0 (+10.0) | ");
    }

    @Test
    void theFullPlanSaysWhichTasksStartFromABaseAndHowTheAblationStops() {
        ReproductionPlan full = ReproductionPlan.fullFromBases();
        String design = ReportText.design(full, java.util.Map.of("gp-l", java.nio.file.Path.of("bases/gp"),
                "gp-vl", java.nio.file.Path.of("bases/vl"), "virl-l", java.nio.file.Path.of("bases/virl"),
                "virl-vl", java.nio.file.Path.of("bases/street")));
        assertThat(design.split("\n")).hasSize(4);
        assertThat(design).contains("gp-l: the init is an SFT run from the base `bases/gp` of 50 steps",
                "with 1 verification step; the ablation's arms with [3, 5, 10] steps stop at its RL compute.",
                "gp-vl: the init is an SFT run from the base `bases/vl` of 50 steps",
                "virl-l: the init is an SFT run from the base `bases/virl`",
                "virl-vl: the init is an SFT run from the base `bases/street`");
        // GP-L's main arm is the quick plan's, so the two plans' GP-L rows compare
        TaskPlan quick = ReproductionPlan.quickFromBase().tasks().get(0);
        TaskPlan gp = full.tasks().get(0);
        assertThat(gp.withRlArms(quick.rlVerifySteps(), quick.rlEvalEvery(), false)).isEqualTo(quick);
        assertThat(gp.ablationAtEqualCompute()).isTrue();
        // GP-VL from its base follows GP-L's recipe from a base, on images, with 200 hands per variant
        TaskPlan vl = full.tasks().get(1);
        assertThat(vl.name()).isEqualTo("gp-vl");
        assertThat(new TaskPlan("gp-l", "gp-l", vl.envOptions(), vl.evalOptions(), vl.preset(), vl.maxPositions(),
                vl.bpeVocabulary(), vl.examples(), vl.sftSteps(), vl.initStep(), vl.sftBatch(), vl.sftLearningRate(),
                vl.sftEvalEvery(), vl.rlVerifySteps(), vl.rlUpdates(), vl.rlTransitions(), vl.rlEnvs(),
                vl.rlLearningRate(), vl.rlEvalEvery(), quick.evalEpisodes(), vl.initLearningRate())).isEqualTo(quick);
        assertThat(ReportText.of(full, POINTS, List.of(), new WallTime(java.time.Duration.ofMinutes(3), 1),
                java.util.Map.of("gp-l", java.nio.file.Path.of("bases/gp")))).contains(
                "pretrained where a base is named above and from scratch elsewhere");
    }

    @Test
    void theReportSaysHowEachInitWasMade() {
        assertThat(ReportText.design(ReproductionPlan.quick(), java.util.Map.of())).isEqualTo("gp-l: one SFT run from scratch of 600 "
                + "steps; its checkpoint at step 300 is the init and the rest of the run the SFT arm; the RL arm is 16 "
                + "PPO updates of 64 transitions from the init.\n");
        assertThat(ReportText.design(ReproductionPlan.quickFromBase(), java.util.Map.of("gp-l", java.nio.file.Path.of("bases/b"))))
                .isEqualTo("gp-l: the init is an SFT run from the base `bases/b` of 50 steps at a peak rate of 2.0e-05; "
                        + "the SFT arm continues it for 700 steps at 0.00010; the RL arm is 64 PPO updates of 128 "
                        + "transitions from the init.\n");
        assertThat(ReportText.of(ReproductionPlan.quickFromBase(), POINTS, List.of(), new WallTime(java.time.Duration.ofMinutes(3), 1),
                java.util.Map.of("gp-l", java.nio.file.Path.of("bases/b")))).contains("a base's pretraining is not counted",
                "small pretrained model").doesNotContain("from scratch");
    }
}
