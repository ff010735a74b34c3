package io.posttrain4j.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.rollout.Seeds;
import io.posttrain4j.sft.data.ExpertData;
import io.posttrain4j.sft.data.SftConversation;

/**
 * Arms beyond the study, each trained from the same init as the study's two arms (the SFT-type ones with the SFT
 * arm's steps and rate), to tell which ingredient keeps a rule nobody trained on:
 *
 * <ul>
 *   <li>{@code rules}: SFT on expert answers under many face-card rules, each stated in its prompt (the fix of
 *       "Debunk the Myth of SFT Generalization": diverse rules instead of one frozen template). The held-out rule's
 *       values 11, 12, 13 never appear;
 *   <li>{@code rft}: SFT on the init's own sampled answers that the verifier accepts, one round (rejection
 *       sampling): on-policy data, as RL's, with SFT's loss;
 *   <li>{@code grpo}: the RL arm's recipe (updates, episodes per update, rate, verification steps) with GRPO's
 *       credit instead of PPO's: groups of {@link #GRPO_GROUP} episodes of one hand, returns normalised within the
 *       group, no critic;
 *   <li>{@code kl}: the RL arm's recipe with a KL penalty to the init in the reward ({@link #KL_COEF} per token,
 *       the k1 estimator: TRL's default), which holds near-deterministic tokens such as a card list where the
 *       reward alone lets them drift.
 * </ul>
 *
 * The report compares each with the init and the SFT arm at matched compute, paired on the same hands.
 */
final class OtherArms {
    static final String RULES = "rules";
    static final String RFT = "rft";
    static final String GRPO = "grpo";
    static final String KL = "kl";
    static final List<String> NAMES = List.of(RULES, RFT, GRPO, KL);
    /** The {@code kl} arm's penalty per token of KL from the init, in the reward. */
    static final double KL_COEF = 0.05;
    /** Episodes per group (the same hand, different sampling seeds) of the {@code grpo} arm. */
    static final int GRPO_GROUP = 8;

    /**
     * The {@code rules} arm's face-card mappings (J, Q, K; one value for all three, or three), in equal shares: the
     * training variant's own rule and five others, with no value of the held-out rule (11, 12, 13).
     */
    static final List<String> MAPPINGS = List.of("variant", "1", "5", "1,2,3", "5,7,2", "4,8,6");
    /** Answers the {@code rft} arm samples per training episode. */
    static final int RFT_SAMPLES = 4;
    /** The {@code rft} arm samples answers for one training episode per this many expert conversations of the plan. */
    static final int RFT_EPISODES_PER = 5;

    private OtherArms() {}

    /**
     * The {@code rules} arm's data: {@link TaskPlan#examples()} expert conversations of the training variant, an
     * equal share under each of {@link #MAPPINGS}, interleaved in a seeded order.
     *
     * @throws IllegalArgumentException for a task whose environment has no {@code faceValues} option
     */
    static List<SftConversation> rulesData(TaskPlan task, Environments.Resolved trained, long seed) {
        if (!trained.provider().options().containsKey("faceValues")) {
            throw new IllegalArgumentException("the rules arm needs an environment with a faceValues option "
                    + "(GeneralPoints); " + trained.qualifiedName() + " has none");
        }
        List<SftConversation> out = new ArrayList<>();
        int share = task.examples() / MAPPINGS.size();
        for (int i = 0; i < MAPPINGS.size(); i++) {
            Map<String, String> options = new HashMap<>(task.envOptions());
            options.put("faceValues", MAPPINGS.get(i));
            out.addAll(ExpertData.singleTurn(() -> trained.provider().create(trained.variant().name(), options),
                    Seeds.derive(seed, i), share));
        }
        java.util.Collections.shuffle(out, new Random(seed));
        return out;
    }

    /**
     * Whether {@code arm} trains with the RL trainer (its checkpoints are numbered by update): the study's RL arms
     * ({@link TaskPlan#rlArm}: {@code rl}, {@code rl-v<k>}), {@code grpo} and {@code kl}.
     */
    static boolean isRl(String arm) {
        return arm.equals("rl") || arm.startsWith("rl-v") || arm.equals(GRPO) || arm.equals(KL);
    }

    /** The config of {@code arm}, {@code grpo} or {@code kl}, from {@code rl}, the RL arm's. */
    static io.posttrain4j.ppo.PpoConfig rlArmConfig(String arm, io.posttrain4j.ppo.PpoConfig rl) {
        return switch (arm) {
            case GRPO -> grpoConfig(rl);
            case KL -> klConfig(rl);
            default -> throw new IllegalArgumentException("arm '" + arm + "' is not one of the RL arms beyond the"
                    + " study: " + GRPO + ", " + KL);
        };
    }

    /** How {@code arm}, {@code grpo} or {@code kl}, trains under {@code config}: one line for the run's log. */
    static String describe(String arm, io.posttrain4j.ppo.PpoConfig config) {
        return arm.equals(GRPO)
                ? String.format(Locale.ROOT, "GRPO %d updates x %d groups of %d episodes", config.updates(),
                        config.transitions() / config.groupSize(), config.groupSize())
                : String.format(Locale.ROOT, "PPO %d updates x %d transitions, KL penalty %.2g per token to the init",
                        config.updates(), config.transitions(), config.klCoef());
    }

    /**
     * The {@code kl} arm's config: {@code rl}, the RL arm's, with a penalty of {@link #KL_COEF} per token of KL from
     * the initial policy (the init), estimated by k1 and added to the reward.
     */
    static io.posttrain4j.ppo.PpoConfig klConfig(io.posttrain4j.ppo.PpoConfig rl) {
        return rl.toBuilder().klCoef(KL_COEF).klEstimator(io.posttrain4j.ppo.KlEstimator.K1)
                .klPlacement(io.posttrain4j.ppo.KlPlacement.REWARD).build();
    }

    /**
     * The {@code grpo} arm's config: {@code rl}, the RL arm's, with GRPO's credit over groups of {@link #GRPO_GROUP}
     * and the episodes per update rounded down to whole groups (at least one).
     */
    static io.posttrain4j.ppo.PpoConfig grpoConfig(io.posttrain4j.ppo.PpoConfig rl) {
        int transitions = Math.max(1, rl.transitions() / GRPO_GROUP) * GRPO_GROUP;
        return rl.toBuilder().algorithm(io.posttrain4j.ppo.Algorithm.GRPO).groupSize(GRPO_GROUP)
                .transitions(transitions).build();
    }

    /** Training episodes the {@code rft} arm samples answers for. */
    static int rftEpisodes(TaskPlan task) {
        return Math.max(1, task.examples() / RFT_EPISODES_PER);
    }

    /** The generation compute recorded in an {@code rft} arm's {@code generation.json}. */
    static double generationFlops(Path file) throws IOException {
        JsonNode node = new ObjectMapper().readTree(file.toFile());
        if (node == null || !node.path("flops").isNumber()) {
            throw new IOException(file + " holds no number \"flops\": " + node);
        }
        return node.get("flops").asDouble();
    }

    /**
     * One row per other arm and OOD or in-distribution success comparison: the arm, the init and the SFT arm at
     * their matched compute, with the arm's paired differences from both where the hands were played here.
     */
    static ReportTable table(List<CurvePoint> points, List<String> arms, Map<String, String> bits) {
        List<List<String>> cells = new ArrayList<>();
        for (String arm : arms) {
            List<ReproductionReport.Comparison> rows = ReproductionReport.compare(points, arm);
            List<PairedDifferences.Row> paired = PairedDifferences.rows(rows, bits);
            for (ReproductionReport.Comparison c : rows) {
                if (!c.metric().matches("success|step_accuracy")) {
                    continue;
                }
                PairedDifferences.Row p = PairedDifferences.find(paired, c);
                cells.add(List.of(arm, c.task(), c.variant(), c.split() == Split.IN_DISTRIBUTION ? "id" : "ood",
                        c.metric(), fmt("%.3g", c.matchedGflops()), ReproductionReport.pct(c.init()),
                        ReproductionReport.pct(c.rl()), ReproductionReport.pct(c.sft()),
                        p != null ? p.rlVsInit().format() : fmt("%+.1f", c.rl().percent() - c.init().percent()),
                        p != null ? p.rlVsSft().format() : fmt("%+.1f", c.rl().percent() - c.sft().percent())));
            }
        }
        return new ReportTable(List.of("arm", "task", "variant", "split", "metric", "GFLOPs", "init", "arm", "SFT",
                "arm - init", "arm - SFT"), cells);
    }

    /** The report.md section of the arms that have points; empty for none. */
    static String markdown(List<CurvePoint> points, List<String> arms, Map<String, String> bits) {
        if (arms.isEmpty()) {
            return "";
        }
        return "## Beyond the study: other arms from the same init\n\n" + DESCRIPTION
                + table(points, arms, bits).markdown() + "\n";
    }

    static final String DESCRIPTION = "Each arm starts from the init; `rules` and `rft` train with the SFT arm's "
            + "steps and rate, "
            + "`rules` on expert answers under six face-card rules stated in the prompt (the training rule and five "
            + "others, none with the held-out values 11, 12, 13), `rft` on the init's own sampled answers that the "
            + "verifier accepted (" + RFT_SAMPLES + " sampled per episode, over one episode per " + RFT_EPISODES_PER
            + " expert conversations of the SFT arm; the sampling compute, 2N per token, is counted; an arm whose init "
            + "solved none of its samples is left out); `grpo` with the RL arm's recipe and GRPO's credit (groups of "
            + GRPO_GROUP + " episodes of one hand, returns normalised within the group, no critic); `kl` with the "
            + "RL arm's recipe and a KL penalty to the init in the reward (" + KL_COEF + " per token, k1). Each is "
            + "read at the compute it shares with the SFT arm; "
            + "differences are paired on the same hands (mean ± paired standard error, better / worse hands).\n\n";

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
