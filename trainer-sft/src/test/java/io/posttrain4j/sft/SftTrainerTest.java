package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.core.train.MetricsLog;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;
import io.posttrain4j.sft.data.ExpertData;
import io.posttrain4j.sft.data.SftExample;
import io.posttrain4j.sft.testing.BigramPolicy;
import io.posttrain4j.sft.testing.ToyProvider;

class SftTrainerTest {
    @TempDir
    Path dir;

    private final Environments environments = Environments.of(List.of(new ToyProvider()));

    private static List<SftExample> toyData(int count) {
        return ExpertData.examples(ExpertData.singleTurn(ToyEnvironment::new, 42, count));
    }

    /** Examples with responses of different lengths, so micro-batches pad differently. */
    private static List<SftExample> wordData() {
        String[] words = {"a", "bb", "ccc", "dddd", "e", "ffffff", "gg", "hhhhhhhhh"};
        List<SftExample> out = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            out.add(new SftExample(Observation.of("word " + i), words[i]));
        }
        return out;
    }

    private SftConfig.Builder toyConfig(Path runDir) {
        return SftConfig.builder().steps(12).learningRate(0.3).runDir(runDir).batchSize(4)
                .seed(7).evalVariants(EvalVariants.family(environments, "toy-id")).evalEvery(4)
                .evalEpisodes(6).evalBatchSize(3).evalMaxNewTokens(4).checkpointEvery(4);
    }

    private static TabularPolicy tabular(NDManager m) {
        return new TabularPolicy(m, ToyEnvironment.ANSWERS, 64);
    }

    @Test
    void aTinySftOnTheToyEnvironmentReachesFullSuccess() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy policy = tabular(m)) {
            SftConfig config = toyConfig(dir).steps(20).evalEpisodes(20).build();
            TrainResult result = new SftTrainer(config, policy, toyData(30), environments).train();
            assertThat(result.completed()).isTrue();
            assertThat(result.lastEval().get("toy/toy-id").rate("success")).isEqualTo(1.0);
            assertThat(result.metric("loss")).isLessThan(0.1);
            assertThat(result.tokens()).isEqualTo(20 * 4 * 2); // TabularPolicy: 1 prompt + 1 response token
            assertThat(result.flops()).isEqualTo(6.0 * policy.parameterCount() * result.tokens());
        }
    }

    @Test
    void metricsHoldTrainingAndEvaluationRecordsAndCheckpointsAreWritten() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy policy = tabular(m)) {
            new SftTrainer(toyConfig(dir).keepCheckpoints(2).build(), policy, toyData(10), environments).train();
            List<Map<String, Object>> lines = MetricsLog.read(dir.resolve(SftTrainer.METRICS_FILE));
            assertThat(lines).hasSize(12 + 3);
            assertThat(lines.get(0)).containsKeys("step", "loss", "lr", "tokens", "flops", "grad_norm", "skipped_steps");
            Map<String, Object> eval = lines.get(4);
            assertThat(eval.get("step")).isEqualTo(4);
            assertThat(eval).containsKeys("eval/toy/toy-id/success", "eval/toy/toy-id/success_se",
                    "eval/toy/toy-id/mean_reward", "eval/toy/toy-id/episodes", "eval/toy/toy-ood/success");
            assertThat(eval.keySet()).allMatch(k -> k.equals("step") || k.startsWith("eval/toy/toy-id/")
                    || k.startsWith("eval/toy/toy-ood/"));
            TrainingCheckpoint checkpoints = new TrainingCheckpoint(dir.resolve("checkpoints"));
            assertThat(checkpoints.complete()).extracting(TrainingCheckpoint::stepOf).containsExactly(8L, 12L);
            TrainingCheckpoint.State state = TrainingCheckpoint.readState(checkpoints.latest().orElseThrow());
            assertThat(state.step()).isEqualTo(12);
            assertThat(state.position()).isEqualTo((12 * 4) % 10);
            assertThat(state.epoch()).isEqualTo((12 * 4) / 10);
            assertThat(dir.resolve(SftTrainer.RUN_FILE)).isRegularFile();
        }
    }

    @Test
    void gradientAccumulationOverMicroBatchesEqualsOneBigBatch() throws IOException {
        float[][] weights = new float[3][];
        int[] micro = {8, 2, 1};
        for (int k = 0; k < micro.length; k++) {
            try (NDManager m = NDManager.newBaseManager(); BigramPolicy policy = new BigramPolicy(m, 3)) {
                SftConfig config = SftConfig.builder().steps(3).learningRate(0.05).runDir(dir.resolve("r" + k))
                        .batchSize(8).microBatchSize(micro[k]).sortByLength(k == 1).build();
                new SftTrainer(config, policy, wordData(), null).train();
                weights[k] = policy.parameters().get("weights").toFloatArray();
            }
        }
        float[] start;
        try (NDManager m = NDManager.newBaseManager(); BigramPolicy policy = new BigramPolicy(m, 3)) {
            start = policy.parameters().get("weights").toFloatArray();
        }
        double moved = 0;
        for (int i = 0; i < start.length; i++) {
            moved = Math.max(moved, Math.abs(weights[0][i] - start[i]));
            assertThat(weights[1][i]).isCloseTo(weights[0][i], within(2e-5f));
            assertThat(weights[2][i]).isCloseTo(weights[0][i], within(2e-5f));
        }
        assertThat(moved).isGreaterThan(0.05); // the runs trained: the comparison is not between untouched weights
    }

    private static List<String> lines(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve(SftTrainer.METRICS_FILE));
    }

    private void assertResumeIsExact(java.util.function.Function<NDManager, TrainablePolicy> factory,
            List<SftExample> data, SftConfig.Builder a, SftConfig.Builder b) throws IOException {
        float[] straight;
        float[] resumed;
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = factory.apply(m)) {
            new SftTrainer(a.build(), policy, data, environments).train();
            straight = policy.parameters().values().iterator().next().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = factory.apply(m)) {
            TrainResult stopped = new SftTrainer(b.stopAfterSteps(6).build(), policy, data, environments).train();
            assertThat(stopped.completed()).isFalse();
            assertThat(stopped.steps()).isEqualTo(6);
        }
        // a new process: fresh policy and trainer, resumed from the step-4 checkpoint; steps 5-6 run again
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = factory.apply(m)) {
            SftTrainer trainer = new SftTrainer(b.stopAfterSteps(0).build(), policy, data, environments);
            assertThat(trainer.resume()).isTrue();
            TrainResult result = trainer.train();
            assertThat(result.completed()).isTrue();
            resumed = policy.parameters().values().iterator().next().toFloatArray();
        }
        assertThat(resumed).isEqualTo(straight);
    }

    @Test
    void aRunStoppedAndResumedEndsWithTheSameWeightsAndMetricsAsAStraightRun() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertResumeIsExact(SftTrainerTest::tabular, toyData(10), toyConfig(a), toyConfig(b));
        assertThat(lines(b)).isEqualTo(lines(a));
    }

    @Test
    void resumeIsExactForATokenModelWithAccumulationAndClipping() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        java.util.function.Function<NDManager, TrainablePolicy> bigram = m -> new BigramPolicy(m, 5);
        SftConfig.Builder config = SftConfig.builder().steps(10).learningRate(0.05).batchSize(4)
                .microBatchSize(2).maxGradNorm(0.5).checkpointEvery(4).seed(3);
        assertResumeIsExact(bigram, wordData(), config.runDir(a), SftConfig.builder().steps(10)
                .learningRate(0.05).batchSize(4).microBatchSize(2).maxGradNorm(0.5).checkpointEvery(4)
                .seed(3).runDir(b));
        assertThat(lines(b)).isEqualTo(lines(a));
    }

    @Test
    void resumingWithAnotherConfigurationOrOtherDataIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy policy = tabular(m)) {
            new SftTrainer(toyConfig(dir).stopAfterSteps(4).build(), policy, toyData(10), environments).train();
            SftTrainer otherLr = new SftTrainer(toyConfig(dir).learningRate(0.1).build(), policy,
                    toyData(10), environments);
            assertThatThrownBy(otherLr::resume).hasMessageContaining("learningRate (checkpoint 0.3, now 0.1)");
            SftTrainer otherData = new SftTrainer(toyConfig(dir).build(), policy, toyData(11),
                    environments);
            assertThatThrownBy(otherData::resume).hasMessageContaining("examples").hasMessageContaining("dataFingerprint");
        }
    }

    @Test
    void aFolderWithAnEarlierRunIsNotTrainedIntoWithoutResume() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy policy = tabular(m)) {
            new SftTrainer(toyConfig(dir).stopAfterSteps(4).build(), policy, toyData(10), environments).train();
            List<String> metrics = lines(dir);
            SftTrainer again = new SftTrainer(toyConfig(dir).learningRate(0.1).build(), policy, toyData(10),
                    environments);
            assertThatThrownBy(again::train).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already holds a run").hasMessageContaining("step-000004");
            assertThat(lines(dir)).isEqualTo(metrics);
            assertThat(new TrainingCheckpoint(dir.resolve("checkpoints")).complete())
                    .extracting(TrainingCheckpoint::stepOf).containsExactly(4L);
        }
    }

    @Test
    void aChangedModelIsRefusedLikeTheOtherSettingsBeforeAnyWeightIsLoaded() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy policy = tabular(m);
                TabularPolicy smaller = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            new SftTrainer(toyConfig(dir).stopAfterSteps(4).build(), policy, toyData(10), environments).train();
            float[] before = smaller.parameters().get("logits").toFloatArray();
            SftTrainer other = new SftTrainer(toyConfig(dir).build(), smaller, toyData(10),
                    environments);
            assertThatThrownBy(other::resume).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("parameters (checkpoint " + policy.parameterCount() + ", now "
                            + smaller.parameterCount() + ")");
            // a refused resume leaves a fresh-run trainer, which refuses the folder that holds the run
            assertThatThrownBy(other::train).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already holds a run");
            assertThat(smaller.parameters().get("logits").toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void resumingRemovesWhatKillsLeftInTheCheckpointFolder() throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy policy = tabular(m)) {
            new SftTrainer(toyConfig(dir).stopAfterSteps(8).build(), policy, toyData(10), environments).train();
            // a kill while pruning step 4 (its state file went first) and another while 'latest' was written
            Files.delete(checkpoints.resolve("step-000004").resolve(TrainingCheckpoint.STATE_FILE));
            Files.writeString(checkpoints.resolve(".latest8812391.tmp"), "step-00");
            SftTrainer trainer = new SftTrainer(toyConfig(dir).keepCheckpoints(2).build(), policy, toyData(10),
                    environments);
            trainer.resume();
            TrainResult result = trainer.train();
            assertThat(result.completed()).isTrue();
            try (var list = Files.list(checkpoints)) {
                assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactly("latest", "step-000008", "step-000012");
            }
        }
    }

    @Test
    void aStepWithANonFiniteLossIsSkippedAndCounted() throws IOException {
        List<SftExample> data = List.of(new SftExample(Observation.of("q"), "apple"),
                new SftExample(Observation.of("poison"), "leaf"));
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy inner = tabular(m)) {
            TrainablePolicy poisoned = new PoisonedPolicy(inner, "poison");
            SftConfig config = SftConfig.builder().steps(4).learningRate(0.5).runDir(dir).batchSize(1)
                    .build();
            TrainResult result = new SftTrainer(config, poisoned, data, null).train();
            assertThat(result.skippedSteps()).isEqualTo(2);
            assertThat(inner.probability(Observation.of("q"), "apple")).isGreaterThan(0.5);
            assertThat(inner.parameters().get("logits").toFloatArray()).doesNotContain(Float.NaN);
            List<Map<String, Object>> lines = MetricsLog.read(dir.resolve(SftTrainer.METRICS_FILE));
            assertThat(lines.get(3).get("skipped_steps")).isEqualTo(2);
        }
    }
}
