package io.posttrain4j.spark.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.rollout.RecordedGenerations;
import io.posttrain4j.ppo.Rollout;
import io.posttrain4j.ppo.RolloutCollector;
import io.posttrain4j.ppo.RolloutPlan;
import io.posttrain4j.spark.SparkSettings;
import io.posttrain4j.spark.SparkWorkers;

/**
 * Rollout throughput in-process vs on Spark, and Spark's per-round overhead against the model size.
 *
 * <p>One round = one PPO update's rollout: {@code slots} environment slots of the two-turn {@code letters} test
 * environment x {@code steps} steps, {@code tokens} sampled tokens per turn at temperature 1, then (on Spark) the
 * learner's replay. Every round uses new weights (another seed), as PPO does, so every Spark round ships and
 * decodes a new version. The first round of each mode is a warm-up and is not counted.
 *
 * <p>Args: {@code masters (separated by ';', "in-process" for none) presets (comma-separated) rounds}. Run with the
 * test class path (see docs/BENCHMARKS.md: local-cluster forks executors from {@code java.class.path}).
 */
public final class SparkRolloutBench {
    private SparkRolloutBench() {}

    public static void main(String[] args) throws Exception {
        List<String> masters = List.of((args.length > 0 ? args[0] : "in-process;local[2];local-cluster[2,1,2048]")
                .split(";"));
        List<String> presets = List.of((args.length > 1 ? args[1] : "tiny,small,base").split(","));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int slots = 8;
        int steps = 4;
        int tokens = 32;
        Environments environments = Environments.discover();
        System.out.printf(Locale.ROOT, "%-34s %-6s %10s %12s %12s %12s %10s%n", "mode", "preset", "params",
                "s/round", "tokens/s", "shipped MB", "vs local");
        for (String preset : presets) {
            double inProcess = Double.NaN;
            for (String master : masters) {
                SparkWorkers spark = master.equals("in-process") ? null : SparkWorkers.start(
                        SparkSettings.of(master).withStartSeconds(180));
                try {
                    double seconds = 0;
                    long generated = 0;
                    long shipped = 0;
                    long params = 0;
                    for (int r = 0; r <= rounds; r++) {
                        RolloutPlan plan = new RolloutPlan("letters/abc", Map.of(), RolloutPlan.Kind.STEPS, 1000 + r,
                                slots, steps, 1, 1.0, tokens, 8);
                        try (DjlPolicy policy = policy(preset, r)) {
                            params = policy.parameterCount();
                            long t0 = System.nanoTime();
                            Rollout rollout;
                            if (spark == null) {
                                rollout = new RolloutCollector(policy, plan.sampling(), plan.maxTurns())
                                        .collect(plan, () -> environments.create(plan.environment(), plan.options()));
                            } else {
                                Map<Long, Generation> g = new HashMap<>(spark.generate(plan, policy));
                                rollout = new RolloutCollector(RecordedGenerations.replaying(g, policy.name()),
                                        policy::promptTokens, plan.sampling(), plan.maxTurns())
                                        .collect(plan, () -> environments.create(plan.environment(), plan.options()));
                            }
                            double s = (System.nanoTime() - t0) / 1e9;
                            if (r > 0) { // round 0 warms up
                                seconds += s;
                                generated += rollout.generatedTokens();
                                shipped = spark == null ? 0 : spark.lastRound().shippedBytes();
                            }
                        }
                    }
                    double perRound = seconds / rounds;
                    if (spark == null) {
                        inProcess = perRound;
                    }
                    System.out.printf(Locale.ROOT, "%-34s %-6s %10d %12.2f %12.0f %12.1f %10s%n",
                            spark == null ? "in-process" : spark.describe(), preset, params, perRound,
                            generated / seconds, shipped / 1e6,
                            Double.isNaN(inProcess) ? "-" : String.format(Locale.ROOT, "%.2fx", perRound / inProcess));
                } finally {
                    if (spark != null) {
                        spark.close();
                    }
                }
            }
        }
    }

    private static DjlPolicy policy(String preset, long seed) {
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig model = ModelConfig.preset(preset).withVocabSize(tok.vocabSize());
        return DjlPolicy.create(model, new DefaultChatTemplate(tok, model.patchCount()), seed, Devices.parse("cpu"));
    }
}
