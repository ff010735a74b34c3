package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.sft.data.SftConversation;

class OtherArmsTest {
    private static final Pattern RULE = Pattern.compile("J,Q,K=([0-9,]+)");

    @Test
    void theRulesArmTeachesSixRulesInEqualSharesAndNeverTheHeldOutOne() {
        TaskPlan t = ReproductionPlan.quickFromBase().tasks().get(0);
        TaskPlan small = new TaskPlan(t.name(), t.trainVariant(), t.envOptions(), t.evalOptions(), t.preset(),
                t.maxPositions(), t.bpeVocabulary(), 600, t.sftSteps(), t.initStep(), t.sftBatch(),
                t.sftLearningRate(), t.sftEvalEvery(), t.rlVerifySteps(), t.rlUpdates(), t.rlTransitions(), t.rlEnvs(),
                t.rlLearningRate(), t.rlEvalEvery(), t.evalEpisodes(), t.initLearningRate());
        Environments envs = Environments.discover();
        List<SftConversation> data = OtherArms.rulesData(small, envs.resolve("gp-l"), 5);
        assertThat(data).hasSize(600);
        // the compact prompt states the rule when a face card is dealt: every rule shows, about equally often
        Map<String, Integer> rules = new TreeMap<>();
        List<String> order = new java.util.ArrayList<>();
        for (SftConversation c : data) {
            Matcher m = RULE.matcher(c.messages().get(0).text());
            if (m.find()) {
                rules.merge(m.group(1), 1, Integer::sum);
                order.add(m.group(1));
            }
        }
        assertThat(rules).containsOnlyKeys("10", "1", "5", "1,2,3", "5,7,2", "4,8,6").allSatisfy((rule, n) ->
                assertThat(n).isBetween(20, 80));
        assertThat(order.subList(0, 20).stream().distinct().count()).as("interleaved, not six blocks")
                .isGreaterThan(3);
        assertThat(OtherArms.MAPPINGS).noneMatch(r -> r.matches(".*1[123].*"));
    }

    @Test
    void theGrpoArmIsTheRlArmsRecipeWithGroupsOfEight() {
        io.posttrain4j.ppo.PpoConfig rl = io.posttrain4j.ppo.PpoConfig.defaults().toBuilder().transitions(128)
                .numEnvs(2).minibatches(2).updates(64).learningRate(5e-5).verifySteps(1).build();
        io.posttrain4j.ppo.PpoConfig grpo = OtherArms.grpoConfig(rl);
        assertThat(grpo.algorithm()).isEqualTo(io.posttrain4j.ppo.Algorithm.GRPO);
        assertThat(grpo.groupSize()).isEqualTo(OtherArms.GRPO_GROUP).isEqualTo(8);
        // everything else is the RL arm's
        assertThat(grpo.toBuilder().algorithm(rl.algorithm()).groupSize(rl.groupSize()).build()).isEqualTo(rl);
        // episodes per update: whole groups, rounded down, at least one group
        assertThat(OtherArms.grpoConfig(rl.toBuilder().transitions(12).build()).transitions()).isEqualTo(8);
        assertThat(OtherArms.grpoConfig(rl.toBuilder().transitions(4).build()).transitions()).isEqualTo(8);
        assertThat(OtherArms.grpoConfig(rl.toBuilder().transitions(130).build()).transitions()).isEqualTo(128);
    }

    @Test
    void theKlArmIsTheRlArmsRecipeWithAKlPenaltyToTheInitInTheReward() {
        io.posttrain4j.ppo.PpoConfig rl = io.posttrain4j.ppo.PpoConfig.defaults().toBuilder().transitions(128)
                .numEnvs(2).minibatches(2).updates(64).learningRate(5e-5).verifySteps(1).build();
        assertThat(rl.klCoef()).isZero();
        io.posttrain4j.ppo.PpoConfig kl = OtherArms.klConfig(rl);
        assertThat(kl.klCoef()).isEqualTo(OtherArms.KL_COEF).isEqualTo(0.05);
        assertThat(kl.klEstimator()).isEqualTo(io.posttrain4j.ppo.KlEstimator.K1);
        assertThat(kl.klPlacement()).isEqualTo(io.posttrain4j.ppo.KlPlacement.REWARD);
        // everything else is the RL arm's
        assertThat(kl.toBuilder().klCoef(rl.klCoef()).klEstimator(rl.klEstimator()).klPlacement(rl.klPlacement())
                .build()).isEqualTo(rl);
        assertThat(OtherArms.isRl(OtherArms.KL)).isTrue();
    }

    @Test
    void theRlArmsBeyondTheStudyTakeTheirConfigAndLogLineByName() {
        io.posttrain4j.ppo.PpoConfig rl = io.posttrain4j.ppo.PpoConfig.defaults().toBuilder().transitions(128)
                .numEnvs(2).minibatches(2).updates(64).learningRate(5e-5).verifySteps(1).build();
        assertThat(OtherArms.rlArmConfig(OtherArms.GRPO, rl)).isEqualTo(OtherArms.grpoConfig(rl));
        assertThat(OtherArms.rlArmConfig(OtherArms.KL, rl)).isEqualTo(OtherArms.klConfig(rl));
        assertThat(OtherArms.describe(OtherArms.GRPO, OtherArms.grpoConfig(rl)))
                .isEqualTo("GRPO 64 updates x 16 groups of 8 episodes");
        assertThat(OtherArms.describe(OtherArms.KL, OtherArms.klConfig(rl)))
                .isEqualTo("PPO 64 updates x 128 transitions, KL penalty 0.050 per token to the init");
        assertThatThrownBy(() -> OtherArms.rlArmConfig(OtherArms.RFT, rl))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rft'")
                .hasMessageContaining("grpo, kl");
    }

    @Test
    void anEnvironmentWithoutRulesIsRefused() {
        TaskPlan t = ReproductionPlan.full().tasks().get(2); // virl-l
        assertThatThrownBy(() -> OtherArms.rulesData(t, Environments.discover().resolve(t.trainVariant()), 1))
                .hasMessageContaining("faceValues").hasMessageContaining("virl");
    }

    @Test
    void theTableReadsEachArmAtTheComputeItSharesWithSft() {
        List<CurvePoint> points = List.of(
                p("init", "gp-l-rule-ood", Split.RULE_OOD, 10, 10), p("sft", "gp-l-rule-ood", Split.RULE_OOD, 20, 5),
                p("sft", "gp-l-rule-ood", Split.RULE_OOD, 30, 4), p("rules", "gp-l-rule-ood", Split.RULE_OOD, 20, 12),
                p("rules", "gp-l-rule-ood", Split.RULE_OOD, 30, 14), p("rft", "gp-l-rule-ood", Split.RULE_OOD, 25, 9),
                p("rft", "gp-l-rule-ood", Split.RULE_OOD, 35, 8));
        ReportTable table = OtherArms.table(points, List.of("rules", "rft"), Map.of());
        assertThat(table.rows()).hasSize(2);
        assertThat(table.rows().get(0)).containsExactly("rules", "gp-l", "gp-l-rule-ood", "ood", "success", "30.0",
                "10.0 ± 3.0", "14.0 ± 3.5", "4.0 ± 2.0", "+4.0", "+10.0");
        // rft's last point (35) is past SFT's 30: it is read at 25
        assertThat(table.rows().get(1).subList(5, 9)).containsExactly("30.0", "10.0 ± 3.0", "9.0 ± 2.9", "4.0 ± 2.0");
        assertThat(OtherArms.markdown(points, List.of(), Map.of())).isEmpty();
        assertThat(OtherArms.markdown(points, List.of("rules"), Map.of()))
                .startsWith("## Beyond the study: other arms from the same init").contains("| rules | gp-l |");
    }

    private static CurvePoint p(String arm, String variant, Split split, double gflops, double hits) {
        return new CurvePoint("gp-l", arm, variant, split, "success", gflops, (long) gflops, new Tally(hits, 100));
    }
}
