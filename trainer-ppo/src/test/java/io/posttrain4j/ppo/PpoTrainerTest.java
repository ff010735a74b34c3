package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.core.train.MetricsLog;
import io.posttrain4j.core.train.TrainResult;

class PpoTrainerTest {
    /** Small, fast settings that learn the toy task with a tabular policy. */
    static PpoConfig toy(Algorithm algorithm, int updates) {
        return PpoConfig.defaults().toBuilder()
                .algorithm(algorithm)
                .environment("toy")
                .updates(updates)
                .transitions(48).numEnvs(8).groupSize(4).rolloutUnit(RolloutUnit.STEPS).valueLearningRate(0)
                .epochs(4).minibatches(2).microBatch(8)
                .temperature(1.0).maxNewTokens(4).answerKey(null)
                .learningRate(0.1).minLearningRate(0.02)
                .evalEvery(5).evalEpisodes(30).evalBatch(10)
                .checkpointEvery(0)
                .build();
    }

    private static Map<String, Object> train(PpoConfig config, Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(config, policy, ToyProvider.registry(), dir)) {
            TrainResult result = trainer.train();
            assertThat(result.kind()).isEqualTo(config.algorithm().name().toLowerCase());
            assertThat(result.completed()).isTrue();
            assertThat(result.steps()).isEqualTo(config.updates());
            assertThat(result.lastCheckpoint()).isNotNull();
            return result.lastMetrics();
        }
    }

    private static double number(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }

    @Test
    void ppoLearnsTheToyTaskFromAUniformPolicy(@TempDir Path dir) throws IOException {
        Map<String, Object> last = train(toy(Algorithm.PPO, 12), dir);
        List<Map<String, Object>> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        Map<String, Object> first = records.get(1);
        // two tries at 1/3: about 5/9 before learning
        assertThat(number(first, "success_rate")).isBetween(0.3, 0.8);
        assertThat(number(last, "success_rate")).isGreaterThan(0.95);
        assertThat(number(last, "eval/toy/colours/success")).isGreaterThan(0.95);
        assertThat(number(records.get(0), "eval/toy/colours/success")).isLessThan(0.5);
        assertThat(records).hasSize(13);
        assertThat(last).containsKeys("approx_kl", "clip_fraction", "explained_variance", "entropy", "value_loss",
                "policy_loss", "response_length", "flops", "skipped_steps", "rollout_tokens_per_s");
        assertThat(number(last, "skipped_steps")).isZero();
        assertThat(Files.isRegularFile(dir.resolve("checkpoints/latest"))).isTrue();
    }

    @Test
    void grpoLearnsTheToyTaskWithoutACritic(@TempDir Path dir) throws IOException {
        Map<String, Object> last = train(toy(Algorithm.GRPO, 12), dir);
        List<Map<String, Object>> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertThat(number(records.get(1), "success_rate")).isBetween(0.3, 0.8);
        assertThat(number(last, "success_rate")).isGreaterThan(0.95);
        assertThat(number(last, "eval/toy/colours/success")).isGreaterThan(0.95);
        assertThat(last).doesNotContainKeys("value_loss", "explained_variance");
    }

    @Test
    void ppoOnWholeEpisodeBuffersLearnsTheToyTaskAndCutsNothing(@TempDir Path dir) throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 12).toBuilder().rolloutUnit(RolloutUnit.EPISODES).transitions(45).build();
        Map<String, Object> last = train(c, dir);
        assertThat(number(last, "success_rate")).isGreaterThan(0.95);
        assertThat(number(last, "eval/toy/colours/success")).isGreaterThan(0.95);
        // whole episodes: at least the budget, and each of the 8 environments finishes at most one 2-turn episode
        // after the budget is reached
        for (Map<String, Object> r : MetricsLog.read(dir.resolve("metrics.jsonl")).subList(1, 13)) {
            assertThat(number(r, "transitions")).isBetween(45.0, 44.0 + 8 * 2);
        }
    }

    @Test
    void theValueHeadMovesAtItsOwnLearningRateAndThePolicyAtItsRate(@TempDir Path dir) throws IOException {
        double lr = 1e-3;
        PpoConfig c = toy(Algorithm.PPO, 1).toBuilder().learningRate(lr).minLearningRate(lr).valueClipCoef(0)
                .valueLearningRate(0.05).evalEvery(0).build();
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(c, policy, ToyProvider.registry(), dir)) {
            float[] logits = policy.parameters().get("logits").toFloatArray();
            float[] values = policy.parameters().get("value").toFloatArray();
            Map<String, Object> r = trainer.update();
            assertThat(number(r, "value_lr")).isEqualTo(0.05);
            // Adam moves a parameter by at most about its rate per step: 4 epochs x 2 minibatches = 8 steps
            double steps = number(r, "optimizer_steps");
            assertThat(maxChange(logits, policy.parameters().get("logits").toFloatArray()))
                    .isGreaterThan(0).isLessThanOrEqualTo(steps * lr * 1.01);
            assertThat(maxChange(values, policy.parameters().get("value").toFloatArray()))
                    .isGreaterThan(steps * lr * 2);
        }
    }

    private static double maxChange(float[] before, float[] after) {
        double max = 0;
        for (int i = 0; i < before.length; i++) {
            max = Math.max(max, Math.abs(after[i] - before[i]));
        }
        return max;
    }

    @Test
    void aKlPenaltyInTheLossRunsAndIsLogged(@TempDir Path dir) throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 2).toBuilder().klCoef(0.05).klPlacement(KlPlacement.LOSS)
                .klEstimator(KlEstimator.K3).build();
        Map<String, Object> last = train(c, dir);
        assertThat(number(last, "kl_ref")).isGreaterThanOrEqualTo(0);
        assertThat(Files.isDirectory(dir.resolve("reference"))).isTrue();
    }

    @Test
    void aResumedRunLogsTheSameMetricsAsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 6).toBuilder().checkpointEvery(3).klCoef(0.02).build();
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        train(c, whole);
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(c, policy, ToyProvider.registry(), killed)) {
            for (int i = 0; i < 4; i++) {
                trainer.update(); // "killed" after update 4: its record is in the log, its checkpoint is not
            }
        }
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(c, policy, ToyProvider.registry(), killed)) {
            assertThat(trainer.resume()).isTrue();
            assertThat(trainer.updatesDone()).isEqualTo(3);
            trainer.train();
        }
        assertThat(withoutTimings(killed)).isEqualTo(withoutTimings(whole));
    }

    @Test
    void aComputeBudgetEndsTheRunAfterTheUpdateThatReachesItAndAResumeFindsItComplete(@TempDir Path dir)
            throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 8).toBuilder().evalEvery(0).build();
        train(c, dir.resolve("whole"));
        List<Map<String, Object>> whole = withoutTimings(dir.resolve("whole"));
        double third = number(whole.get(2), "gflops");
        double fourth = number(whole.get(3), "gflops");
        PpoConfig budgeted = c.toBuilder().maxGflops((third + fourth) / 2).build();
        Path run = dir.resolve("budget");
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(budgeted, policy, ToyProvider.registry(), run)) {
            TrainResult result = trainer.train();
            assertThat(result.completed()).isTrue();
            assertThat(result.steps()).isEqualTo(4);
            assertThat(result.lastCheckpoint()).isNotNull(); // the last update is checkpointed, as at the end
            assertThat(trainer.complete()).isTrue();
            assertThatThrownBy(trainer::update).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("budget of " + budgeted.maxGflops() + " GFLOPs spent");
        }
        // the same updates as the run without a budget (the schedule spans --updates in both), cut after the 4th
        assertThat(withoutTimings(run)).isEqualTo(whole.subList(0, 4));
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(budgeted, policy, ToyProvider.registry(), run)) {
            assertThat(trainer.resume()).isTrue();
            assertThat(trainer.complete()).isTrue();
            assertThat(trainer.train().steps()).isEqualTo(4);
        }
        assertThat(withoutTimings(run)).hasSize(4);
        // a run without a budget saves the settings it saved before budgets existed (so it resumes); one with, names it
        assertThat(c.toMap()).doesNotContainKey("maxGflops");
        assertThat(budgeted.toMap()).containsEntry("maxGflops", budgeted.maxGflops());
        assertThatThrownBy(() -> c.toBuilder().maxGflops(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGflops");
    }

    @Test
    void aConfigWithoutAnEnvironmentIsRefused(@TempDir Path dir) {
        assertThat(PpoConfig.defaults().environment()).isEmpty(); // the trainers know no environment by name
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            assertThatThrownBy(() -> new PpoTrainer(PpoConfig.defaults(), policy, ToyProvider.registry(), dir))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no environment");
        }
    }

    @Test
    void resumingWithADifferentConfigIsRefusedNamingTheField(@TempDir Path dir) throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 2);
        train(c, dir);
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(c.toBuilder().clipCoef(0.3).build(), policy,
                        ToyProvider.registry(), dir)) {
            assertThatThrownBy(trainer::resume).hasMessageContaining("clipCoef");
            // the refused resume leaves a fresh-run trainer, which does not train into the earlier run either
            List<String> metrics = Files.readAllLines(dir.resolve("metrics.jsonl"));
            assertThatThrownBy(trainer::train).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already holds a run");
            assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).isEqualTo(metrics);
        }
    }

    @Test
    void aChangedModelIsRefusedLikeTheOtherSettingsBeforeAnyWeightIsLoaded(@TempDir Path dir) throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 2);
        train(c, dir);
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy bigger = new TabularPolicy(m, ToyEnvironment.ANSWERS, 64);
                PpoTrainer trainer = new PpoTrainer(c, bigger, ToyProvider.registry(), dir)) {
            float[] before = bigger.parameters().get("logits").toFloatArray();
            assertThatThrownBy(trainer::resume).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("parameters (checkpoint 128, now 256)");
            assertThat(bigger.parameters().get("logits").toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void aFolderWithAnEarlierRunIsNotTrainedIntoWithoutResume(@TempDir Path dir) throws IOException {
        PpoConfig c = toy(Algorithm.PPO, 2).toBuilder().evalEvery(0).build();
        train(c, dir);
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertThatThrownBy(() -> train(c, dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds a run");
        assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).isEqualTo(metrics);

        // as 'reproduce' does: resume() first, even where a kill came before the first checkpoint
        Path early = dir.resolve("early");
        Files.createDirectories(early);
        Files.writeString(early.resolve("metrics.jsonl"), "{\"step\":0}\n");
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(c, policy, ToyProvider.registry(), early)) {
            assertThat(trainer.resume()).isFalse();
            trainer.train();
            assertThat(trainer.updatesDone()).isEqualTo(2);
        }
    }

    @Test
    void aTinyTargetKlStopsEachUpdateAfterItsFirstEpoch(@TempDir Path dir) throws IOException {
        Map<String, Object> last = train(toy(Algorithm.PPO, 2).toBuilder().targetKl(1e-12).build(), dir);
        assertThat(number(last, "epochs_run")).isEqualTo(1);
        assertThat(number(last, "optimizer_steps")).isEqualTo(2 * 2); // 2 updates x 1 epoch x 2 minibatches
    }

    @Test
    void nonFiniteLossesSkipTheStepAndLeaveTheWeightsAlone(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy inner = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(toy(Algorithm.PPO, 1).toBuilder().evalEvery(0).build(),
                        new NanWhenTraining(inner), ToyProvider.registry(), dir)) {
            float[] before = inner.parameters().get("logits").toFloatArray();
            Map<String, Object> r = trainer.update();
            assertThat(number(r, "skipped_steps")).isEqualTo(4 * 2); // every step of 4 epochs x 2 minibatches
            assertThat(number(r, "optimizer_steps")).isZero();
            assertThat(inner.parameters().get("logits").toFloatArray()).containsExactly(before);
        }
    }

    private static List<Map<String, Object>> withoutTimings(Path run) throws IOException {
        return MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                .map(r -> r.entrySet().stream()
                        .filter(e -> !e.getKey().endsWith("_per_s") && !e.getKey().endsWith("_seconds"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .toList();
    }
}
