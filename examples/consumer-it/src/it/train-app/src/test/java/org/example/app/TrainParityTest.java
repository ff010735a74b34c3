package org.example.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;
import io.posttrain4j.ppo.PpoConfig;
import io.posttrain4j.ppo.PpoTrainer;
import io.posttrain4j.sft.SftConfig;
import io.posttrain4j.sft.SftTrainer;
import io.posttrain4j.sft.data.ExpertData;

/** SFT and then PPO on an environment that lives in another project, through the Java API only. */
class TrainParityTest {
    @Test
    void sftThenPpoOnAnEnvironmentFromAnotherJar(@TempDir Path out) throws IOException {
        Environments envs = Environments.discover(); // finds parity in parity-env's META-INF/services
        var data = ExpertData.singleTurn(() -> envs.create("parity-small"), 1, 200);
        SftConfig sft = SftConfig.builder().steps(150).learningRate(1e-2).runDir(out.resolve("sft"))
                .batchSize(16).checkpointEvery(150).build();
        Evaluator evaluator = new Evaluator(envs, 20, 1, Sampling.greedy(4), 20, Map.of());
        TrainResult result;
        try (TrainablePolicy policy = TrainablePolicy.of(
                Policies.discover().get("djl").create("tiny", Map.of("seed", "1")))) {
            result = new SftTrainer(sft, policy, ExpertData.examples(data), envs).train();
            Map<String, EvalResult> eval = evaluator.evaluate(policy, List.of("parity-small", "parity-large"));
            assertThat(eval).hasSize(2);
            assertThat(eval.values()).allSatisfy(r -> assertThat(r.episodes()).isEqualTo(20));
            eval.forEach((v, r) -> System.out.printf("after SFT %s success %.2f%n", v, r.rate("success")));
            assertThat(eval.get("parity-small").rate("success")).as("SFT learned the task").isGreaterThan(0.9);
        }
        assertThat(result.completed()).isTrue();
        assertThat(result.metric("loss")).isFinite();
        List<String> sftMetrics = Files.readAllLines(out.resolve("sft/metrics.jsonl"));
        assertThat(sftMetrics).hasSize(150);

        Path init = new TrainingCheckpoint(out.resolve("sft/checkpoints")).latest().orElseThrow();
        PpoConfig ppo = PpoConfig.defaults().toBuilder().environment("parity/parity-small").updates(2)
                .transitions(16).numEnvs(8).minibatches(2).microBatch(8).maxNewTokens(4).evalEvery(0).build();
        try (TrainablePolicy policy = TrainablePolicy.of(Policies.discover().get("djl")
                .create(init.resolve(TrainingCheckpoint.POLICY_DIR).toString(), Map.of()));
                PpoTrainer trainer = new PpoTrainer(ppo, policy, envs, out.resolve("ppo"))) {
            TrainResult ppoResult = trainer.train();
            assertThat(ppoResult.steps()).isEqualTo(2);
            assertThat(ppoResult.kind()).isEqualTo("ppo");
        }
        assertThat(Files.readAllLines(out.resolve("ppo/metrics.jsonl"))).hasSize(2);
    }
}
