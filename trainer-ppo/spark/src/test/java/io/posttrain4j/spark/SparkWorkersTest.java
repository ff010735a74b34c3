package io.posttrain4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.rollout.RecordedGenerations;
import io.posttrain4j.ppo.Algorithm;
import io.posttrain4j.ppo.PpoConfig;
import io.posttrain4j.ppo.PpoTrainer;
import io.posttrain4j.ppo.RolloutCollector;
import io.posttrain4j.ppo.RolloutPlan;
import io.posttrain4j.ppo.RolloutUnit;

/** Rollouts and evaluation on an embedded Spark ({@code local[2]}, retries allowed) equal the in-process ones. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkWorkersTest {
    static final Environments ENVIRONMENTS = Environments.discover();
    private static SparkWorkers spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkWorkers.start(SparkSettings.of("local[2,3]").withPartitions(3)); // 3 attempts per task
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.close();
        }
    }

    static DjlPolicy tiny(long seed) {
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig model = ModelConfig.preset("tiny").withVocabSize(tok.vocabSize());
        return DjlPolicy.create(model, new DefaultChatTemplate(tok, model.patchCount()), seed, Devices.parse("cpu"));
    }

    static PpoConfig config(Algorithm algorithm) {
        return PpoConfig.defaults().toBuilder().algorithm(algorithm).environment("letters/abc").updates(2)
                .transitions(16).numEnvs(4).groupSize(4).rolloutUnit(RolloutUnit.STEPS)
                .epochs(1).minibatches(2).microBatch(4).temperature(1.0).maxNewTokens(6).answerKey(null)
                .learningRate(3e-3).evalEvery(0).checkpointEvery(0).seed(5).build();
    }

    static List<String> metricsWithoutTimings(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            out.add(line.replaceAll("\"[a-z_]*(_seconds|_per_s)\":[^,}]*,?", ""));
        }
        return out;
    }

    static List<String> train(PpoConfig config, Path run, SparkWorkers workers) throws IOException {
        try (DjlPolicy policy = tiny(3);
                PpoTrainer trainer = new PpoTrainer(config, policy, ENVIRONMENTS, run)) {
            if (workers != null) {
                trainer.rolloutWorkers(workers);
            }
            trainer.train();
        }
        return metricsWithoutTimings(run);
    }

    @Test
    void ppoAndGrpoRolloutsOnSparkTrainAsInProcess() throws IOException {
        for (Algorithm a : Algorithm.values()) {
            List<String> onSpark = train(config(a), dir.resolve(a + "-spark"), spark);
            assertThat(onSpark).as(a.name()).hasSize(2).isEqualTo(train(config(a), dir.resolve(a + "-local"), null));
            SparkWorkers.Round round = spark.lastRound();
            assertThat(round.tasks()).isEqualTo(3); // 4 slots (PPO) or 4 groups (GRPO) in 3 tasks
            assertThat(round.decodesByPid()).containsOnlyKeys(ProcessHandle.current().pid()); // local: this JVM
            assertThat(round.shippedBytes()).isPositive();
        }
    }

    @Test
    void aFailedTaskIsRetriedToTheSameGenerations() {
        RolloutPlan plan = RolloutPlan.of(config(Algorithm.PPO), "letters/abc", 99);
        try (DjlPolicy policy = tiny(4)) {
            java.util.Set<String> local = texts(inProcess(plan, policy));
            spark.injectFault(ExecutorSide.Fault.FAIL_FIRST_ATTEMPT);
            try {
                assertThat(texts(spark.generate(plan, policy))).isEqualTo(local).hasSize(16);
            } finally {
                spark.injectFault(ExecutorSide.Fault.NONE);
            }
        }
    }

    @Test
    void evaluationOnSparkGivesTheInProcessResults() {
        Evaluator evaluator = new Evaluator(ENVIRONMENTS, 10, 7, Sampling.greedy(6), 4, Map.of());
        try (DjlPolicy policy = tiny(5)) {
            Map<String, EvalResult> onSpark = spark.evaluate(policy, evaluator, List.of("letters/abc", "letters/xyz"));
            assertThat(onSpark).isEqualTo(evaluator.evaluate(policy, List.of("letters/abc", "letters/xyz")));
            assertThat(onSpark.get("letters/abc").episodes()).isEqualTo(10);
            assertThat(spark.lastRound().tasks()).isEqualTo(6); // 3 episode ranges x 2 variants
            // Both variants use the same seeds: each must be replayed from its own generations.
            var episodes = spark.episodes(policy, evaluator, List.of("letters/abc", "letters/xyz"));
            for (String v : List.of("letters/abc", "letters/xyz")) {
                assertThat(transcript(episodes.get(v))).as(v).isEqualTo(transcript(evaluator.episodes(policy, v)));
            }
            assertThat(transcript(episodes.get("letters/abc"))).isNotEqualTo(transcript(episodes.get("letters/xyz")));
        }
    }

    @Test
    void badSettingsFailFastNamingTheValue() {
        assertThatThrownBy(() -> new SparkSettings("local[2]", Map.of("spark.executor.resource.gpu.amount", "1"),
                0, 60, "djl", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spark.executor.resource.gpu.amount: GPU resources are not scheduled in local[2]");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> SparkWorkers.start(SparkSettings.of("spark://127.0.0.1:1").withStartSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot reach the Spark master 'spark://127.0.0.1:1'");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
        assertThatThrownBy(() -> SparkSettings.of("local[2]").withPartitions(-1))
                .hasMessageContaining("partitions must be >= 0");
    }

    /** Every turn's prompt and answer. */
    static List<String> transcript(List<io.posttrain4j.core.rollout.Episode> episodes) {
        return episodes.stream().flatMap(e -> e.transitions().stream())
                .map(t -> t.observation().lastUserText() + " -> " + t.generation().text()).toList();
    }

    static Map<Long, Generation> inProcess(RolloutPlan plan, DjlPolicy policy) {
        Map<Long, Generation> out = new java.util.HashMap<>();
        new RolloutCollector(RecordedGenerations.recording(policy, out), policy::promptTokens, plan.sampling(),
                plan.maxTurns()).collect(plan, () -> ENVIRONMENTS.create(plan.environment(), plan.options()));
        return out;
    }

    /** Seed, text and tokens of each generation (log-probs may differ in the last bits between batch compositions). */
    static java.util.Set<String> texts(Map<Long, Generation> generations) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        generations.forEach((seed, g) -> out.add(seed + " " + g.text() + " " + java.util.Arrays.toString(g.tokens())));
        return out;
    }
}
