package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;

/**
 * {@link Reproduction} end to end on the tiny preset (GP-L and GP-VL, a few steps each): every table row, curve,
 * plot and sample episode appears, in report.md, curves.csv and report.html; and a run killed during its last RL
 * arm, with a torn evaluation cache, resumes to the same report.
 */
class ReproductionEndToEndTest {
    private static final Map<String, String> TRAIN = Map.of("prompt", "compact", "image", "small");
    private static final Map<String, String> EVAL = Map.of("verifyIter", "1", "finalUnscoredTurn", "false");

    @TempDir
    Path dir;

    static ReproductionPlan tinyPlan() {
        return new ReproductionPlan("tiny", 3, List.of(task("gp-l"), task("gp-vl")));
    }

    private static TaskPlan task(String name) {
        // SFT 4 steps (init at 2, SFT arm at 3 and 4), RL 2 updates of 8 transitions, 4 episodes per variant.
        return new TaskPlan(name, name, TRAIN, EVAL, "tiny", 0, 0, 32, 4, 2, 8, 2e-3, 1, List.of(1), 2, 8, 4, 5e-5, 1,
                4);
    }

    @Test
    void everyCurvePlotTableAndSampleAppearsAndAKilledRunResumesToTheSameReport() throws Exception {
        Path a = dir.resolve("a");
        List<CurvePoint> points = run(a);

        // Every (task, arm, checkpoint) evaluated on every variant of the task's family.
        assertThat(points).extracting(CurvePoint::task).containsOnly("gp-l", "gp-vl");
        assertThat(points.stream().filter(p -> p.task().equals("gp-l") && p.metric().equals("success"))
                .map(p -> p.arm() + "@" + p.step() + ":" + p.variant()).distinct())
                .containsExactlyInAnyOrder("init@2:gp-l", "init@2:gp-l-rule-ood", "sft@3:gp-l", "sft@3:gp-l-rule-ood",
                        "sft@4:gp-l", "sft@4:gp-l-rule-ood", "rl@1:gp-l", "rl@1:gp-l-rule-ood", "rl@2:gp-l",
                        "rl@2:gp-l-rule-ood");
        assertThat(points).filteredOn(p -> p.task().equals("gp-vl")).extracting(CurvePoint::variant)
                .contains("gp-vl", "gp-vl-rule-ood", "gp-vl-visual-ood");
        assertThat(points).filteredOn(p -> p.task().equals("gp-vl")).extracting(CurvePoint::metric)
                .contains("success", "card_accuracy");
        assertThat(points).allSatisfy(p -> assertThat(p.tally().total()).isEqualTo(4));

        // curves.csv: a line per point; one plot per task and metric, each linked from report.md.
        assertThat(Files.readAllLines(a.resolve("curves.csv"))).hasSize(points.size() + 1);
        List<String> plots = new ArrayList<>();
        points.stream().map(p -> p.task() + "-" + p.metric() + ".png").distinct().forEach(plots::add);
        String md = Files.readString(a.resolve("report.md"));
        for (String plot : plots) {
            assertThat(ImageIO.read(a.resolve(plot).toFile())).as(plot).isNotNull();
            assertThat(md).contains("](" + plot + ")");
        }
        List<ReproductionReport.Comparison> rows = ReproductionReport.compare(points, "rl");
        long variantsTimesMetrics = points.stream().map(p -> p.task() + p.variant() + p.metric()).distinct().count();
        assertThat(rows).hasSize((int) variantsTimesMetrics);
        for (ReproductionReport.Comparison c : rows) {
            assertThat(md).contains("| " + c.task() + " | " + c.variant() + " | " + c.split().label() + " | "
                    + c.metric() + " |");
        }

        // report.html: the same table, the plots inline, and every checkpoint's sample episodes.
        Document html = Jsoup.parse(a.resolve("report.html").toFile(), "UTF-8");
        assertThat(html.select("table.comparison tbody tr")).hasSize(rows.size());
        assertThat(html.select("table.comparison thead th")).hasSize(11);
        assertThat(html.select("ul.verdicts li")).hasSize(ReportText.verdicts(rows, List.of()).size()).isNotEmpty();
        // every OOD success verdict uses the paired error of its hands
        assertThat(html.select("ul.verdicts li").eachText().stream().filter(v -> v.contains("(success)")))
                .isNotEmpty().allSatisfy(v -> assertThat(v).contains("(paired, "));
        // played in this process: every success comparison also hand by hand (gp-l 2 variants, gp-vl 3)
        long successRows = rows.stream().filter(c -> c.metric().equals("success")).count();
        assertThat(successRows).isEqualTo(5);
        assertThat(html.select("table.paired tbody tr")).hasSize((int) successRows)
                .allSatisfy(tr -> assertThat(tr.select("td").get(3).text()).matches("[+-]\\d+\\.\\d ± \\d+\\.\\d \\(\\d+ better, \\d+ worse\\)"));
        assertThat(md).contains("## Paired differences on the same hands", "| gp-vl | gp-vl-visual-ood |");
        assertThat(html.select("figure.plot img")).hasSize(plots.size())
                .allSatisfy(img -> assertThat(decodePng(img)).isTrue());
        assertThat(html.select("figure.plot figcaption").eachText()).containsExactlyElementsOf(plots);
        assertThat(html.select("script, link, [src^=http], [href^=http]")).as("self-contained").isEmpty();
        assertThat(html.select("table.kl")).as("from scratch: no base, no KL").isEmpty();
        assertThat(a.resolve("kl.csv")).doesNotExist();
        for (String task : List.of("gp-l", "gp-vl")) {
            Element section = html.selectFirst("section.task[data-task=" + task + "]");
            assertThat(section).as(task).isNotNull();
            assertThat(section.select("details.checkpoint")).extracting(e -> e.attr("data-arm") + "@"
                    + e.attr("data-step")).containsExactly("init@2", "sft@3", "sft@4", "rl@1", "rl@2");
            int variants = (int) points.stream().filter(p -> p.task().equals(task)).map(CurvePoint::variant)
                    .distinct().count();
            for (Element ckpt : section.select("details.checkpoint")) {
                assertThat(ckpt.select("article.episode")).as(task + " " + ckpt.attr("data-arm"))
                        .hasSize(variants * Reproduction.SAMPLES_PER_VARIANT);
                for (Element turn : ckpt.select("div.turn")) {
                    assertThat(turn.selectFirst("pre.user").text()).isNotBlank();
                    assertThat(turn.select("pre.answer")).hasSize(1);
                    assertThat(turn.selectFirst("p.feedback").text()).startsWith("reward ");
                }
            }
        }
        assertThat(html.select("section.task[data-task=gp-l] img.observation")).as("GP-L reads text only").isEmpty();
        assertThat(html.select("section.task[data-task=gp-vl] img.observation")).isNotEmpty()
                .allSatisfy(img -> assertThat(decodePng(img)).isTrue());
        assertThat(html.select("section.task[data-task=gp-l] pre.user").first().text()).contains("Cards:", "J,Q,K=10");

        // A copy killed during gp-vl's RL arm: its last update lost, the cache's last lines lost and one torn, the
        // report not yet written. The same command resumes to the same report.
        Path b = dir.resolve("b");
        copy(a, b);
        AtomicFiles.deleteRecursively(b.resolve("gp-vl/rl/checkpoints/step-000002"));
        Files.writeString(b.resolve("gp-vl/rl/checkpoints/latest"), "step-000001\n");
        Path cache = b.resolve("gp-vl/evals.jsonl");
        List<String> lines = Files.readAllLines(cache);
        Files.writeString(cache, lines.get(0) + "\n" + lines.get(1).substring(0, lines.get(1).length() / 2));
        for (String f : List.of("report.md", "report.html", "curves.csv", "curves.jsonl", "gp-vl/curves.csv")) {
            Files.delete(b.resolve(f));
        }
        plots.forEach(p -> b.resolve(p).toFile().delete());
        assertThat(run(b)).isEqualTo(points);
        assertThat(Files.readString(b.resolve("curves.csv"))).isEqualTo(Files.readString(a.resolve("curves.csv")));
        assertThat(withoutWallTime(Files.readString(b.resolve("report.md")))).isEqualTo(withoutWallTime(md));
        // the resumed report's wall time adds the resuming invocation's to the killed one's
        assertThat(md).doesNotContain("invocations");
        assertThat(Files.readString(b.resolve("report.md"))).contains(" summed over 2 invocations on ");
        assertThat(wallSeconds(b)).isGreaterThan(wallSeconds(a));
        assertThat(withoutWallTime(Files.readString(b.resolve("report.html"))))
                .isEqualTo(withoutWallTime(Files.readString(a.resolve("report.html"))));
    }

    @Test
    void aReproductionFromABaseReportsEveryCheckpointsKlFromTheBase() throws Exception {
        Path base = dir.resolve("base/policy");
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig model = ModelConfig.preset("tiny").withVocabSize(tok.vocabSize());
        try (DjlPolicy p = DjlPolicy.create(model, new DefaultChatTemplate(tok, model.patchCount()), 5,
                Devices.parse("cpu"))) {
            p.save(base);
        }
        Path out = dir.resolve("from-base");
        // The init is a run of its own at 1e-3 (folder init/), the SFT arm continues from it at the plan's 2e-3.
        TaskPlan t = task("gp-l");
        TaskPlan separate = new TaskPlan(t.name(), t.trainVariant(), t.envOptions(), t.evalOptions(), t.preset(),
                t.maxPositions(), t.bpeVocabulary(), t.examples(), t.sftSteps(), t.initStep(), t.sftBatch(),
                t.sftLearningRate(), t.sftEvalEvery(), t.rlVerifySteps(), t.rlUpdates(), t.rlTransitions(), t.rlEnvs(),
                t.rlLearningRate(), t.rlEvalEvery(), t.evalEpisodes(), 1e-3);
        List<CurvePoint> points = new Reproduction(new ReproductionPlan("tiny", 3, List.of(separate)), out,
                new PrintWriter(new StringWriter())).fromBase(base).run();
        assertThat(out.resolve("gp-l/init/checkpoints/step-000002")).isDirectory();
        assertThat(out.resolve("gp-l/sft/checkpoints/step-000002")).as("the arm's own step 2 is step 4").isDirectory();
        assertThat(Files.readString(out.resolve("gp-l/init/run.json"))).contains("0.001");
        assertThat(Files.readString(out.resolve("gp-l/sft/run.json"))).contains("0.002");
        List<CurvePoint> sftLine = points.stream().filter(p -> p.variant().equals("gp-l") && p.metric().equals("success")
                && !p.arm().startsWith("rl")).toList();
        assertThat(sftLine).extracting(p -> p.arm() + "@" + p.step()).containsExactly("init@2", "sft@3", "sft@4");
        assertThat(sftLine.get(1).gflops()).isGreaterThan(sftLine.get(0).gflops());
        assertThat(sftLine.get(2).gflops() - sftLine.get(1).gflops())
                .isCloseTo(sftLine.get(1).gflops() - sftLine.get(0).gflops(), org.assertj.core.data.Percentage.withPercentage(50));

        // One row per evaluated checkpoint and OOD evaluation: init@2, sft@3, sft@4, rl@1, rl@2 on gp-l-rule-ood.
        List<String> csv = Files.readAllLines(out.resolve("kl.csv"));
        assertThat(csv.get(0)).startsWith("task,arm,step,gflops,kl_from_base,variant,metric");
        assertThat(csv.subList(1, csv.size())).extracting(l -> String.join("@", List.of(l.split(",")).subList(1, 3))
                + ":" + l.split(",")[5] + ":" + l.split(",")[6])
                .containsExactly("init@2:gp-l-rule-ood:success", "sft@3:gp-l-rule-ood:success",
                        "sft@4:gp-l-rule-ood:success", "rl@1:gp-l-rule-ood:success", "rl@2:gp-l-rule-ood:success");
        List<Double> kls = csv.subList(1, csv.size()).stream().map(l -> Double.parseDouble(l.split(",")[4])).toList();
        assertThat(kls).allSatisfy(kl -> assertThat(kl).isFinite());
        assertThat(kls.get(2)).as("two more SFT steps move the policy").isNotEqualTo(kls.get(0));
        // the init's OOD change from itself is 0
        assertThat(Double.parseDouble(csv.get(1).split(",")[8])).isZero();
        assertThat(points).isNotEmpty();

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Forgetting: KL from the base against the OOD change", "](gp-l-kl-vs-ood.png)");
        assertThat(ImageIO.read(out.resolve("gp-l-kl-vs-ood.png").toFile())).isNotNull();
        Document html = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
        assertThat(html.select("table.kl tbody tr")).hasSize(5);
        assertThat(html.select("figure.plot figcaption").eachText()).contains("gp-l-kl-vs-ood.png");
        assertThat(html.select("details.checkpoint summary").eachText()).allMatch(text -> text.contains("KL from base"));
    }

    @Test
    void armsBeyondTheStudyTrainFromTheInitAndAppearInBothReports() throws Exception {
        Path out = dir.resolve("other-arms");
        ReproductionPlan plan = new ReproductionPlan("tiny", 3, List.of(task("gp-l")));
        List<CurvePoint> points = new Reproduction(plan, out, new PrintWriter(new StringWriter()))
                .otherArms(List.of("rules", "rft", "grpo", "kl")).run();
        // rules: the SFT arm's 2 steps from the init (step 2), numbered on as the SFT arm is
        assertThat(out.resolve("gp-l/rules/checkpoints/step-000002")).isDirectory();
        assertThat(points.stream().filter(p -> p.arm().equals("rules") && p.variant().equals("gp-l-rule-ood")
                && p.metric().equals("success")).map(CurvePoint::step)).containsExactly(3L, 4L);
        // rft: 32 / 5 = 6 episodes x 4 samples; the tiny init may solve none, and then the arm is left out
        String generation = Files.readString(out.resolve("gp-l/rft/generation.json"));
        assertThat(generation).contains("\"episodes\":6,\"samples\":24,");
        boolean rftTrained = points.stream().anyMatch(p -> p.arm().equals("rft"));
        assertThat(rftTrained).isEqualTo(!generation.contains("\"accepted\":0,"));

        // grpo: the RL arm's updates and checkpoints, from the init, with GRPO's credit (one group of 8 per update)
        java.util.function.Function<String, List<Long>> steps = arm -> points.stream().filter(p -> p.arm().equals(arm)
                && p.variant().equals("gp-l") && p.metric().equals("success")).map(CurvePoint::step).toList();
        assertThat(steps.apply("grpo")).isNotEmpty().isEqualTo(steps.apply("rl"));
        assertThat(Files.readString(out.resolve("gp-l/grpo/run.json"))).contains("GRPO");
        // kl: the RL arm's updates with a KL penalty to the init in the reward
        assertThat(steps.apply("kl")).isEqualTo(steps.apply("rl"));
        assertThat(Files.readString(out.resolve("gp-l/kl/run.json"))).contains("\"klCoef\" : 0.05", "\"K1\"");
        assertThat(Files.readString(out.resolve("gp-l/rl/run.json"))).contains("\"klCoef\" : 0.0,");

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Beyond the study: other arms from the same init",
                "| rules | gp-l | gp-l-rule-ood | ood | success |", "| rules | gp-l | gp-l | id | success |",
                "| grpo | gp-l | gp-l-rule-ood | ood | success |", "| kl | gp-l | gp-l-rule-ood | ood | success |");
        Document html = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
        assertThat(html.select("table.other-arms tbody tr")).hasSize(rftTrained ? 8 : 6)
                .allSatisfy(tr -> assertThat(tr.select("td").get(9).text()).matches("[+-]\\d+\\.\\d ± .*"));
        assertThat(html.select("details.checkpoint summary").eachText()).anyMatch(t -> t.startsWith("rules, step "))
                .anyMatch(t -> t.startsWith("grpo, update ")).anyMatch(t -> t.startsWith("kl, update "))
                .anyMatch(t -> t.startsWith("rl, update "))
                .anyMatch(t -> t.startsWith("sft, step "));
        // an unknown arm is refused, naming the known ones
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Reproduction(plan, out,
                new PrintWriter(new StringWriter())).otherArms(List.of("dpo")))
                .hasMessageContaining("dpo").hasMessageContaining("grpo, kl, rft, rules");
        // and so is an arm named twice (it would be evaluated and reported twice)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Reproduction(plan, out,
                new PrintWriter(new StringWriter())).otherArms(List.of("grpo", "rules", "grpo")))
                .hasMessageContaining("'grpo' is named twice");
    }

    private static List<CurvePoint> run(Path out) throws IOException {
        StringWriter log = new StringWriter();
        return new Reproduction(tinyPlan(), out, new PrintWriter(log)).run();
    }

    private static boolean decodePng(Element img) {
        String src = img.attr("src");
        String prefix = "data:image/png;base64,";
        if (!src.startsWith(prefix)) {
            return false;
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(prefix.length()))))
                    != null;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static double wallSeconds(Path out) throws IOException {
        String json = Files.readString(out.resolve(WallTime.FILE));
        return Double.parseDouble(json.replaceAll("(?s).*\"seconds\":([0-9.]+).*", "$1"));
    }

    private static String withoutWallTime(String report) {
        return report.replaceAll("Wall time [0-9.]+ min( summed over \\d+ invocations)?", "Wall time _ min");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
