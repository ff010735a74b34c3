package io.posttrain4j.examples.custom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.model.DjlPolicyProvider;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.core.train.TrainingCheckpoint;
import io.posttrain4j.ppo.PpoConfig;
import io.posttrain4j.ppo.PpoTrainer;
import io.posttrain4j.sft.SftConfig;
import io.posttrain4j.sft.SftTrainer;
import io.posttrain4j.sft.data.ExpertData;

/**
 * Calling the trainers from Java on the custom {@code wordplay} environment: SFT on its expert answers, then
 * PPO from the SFT checkpoint, then an evaluation on the in-distribution rule and the unseen one. The budgets are
 * parameters so that the test runs this exact code with a tiny model in seconds.
 *
 * <p>Run it (the module's test class path carries libtorch's CPU library):
 * {@code mvn -B -pl examples/custom-env -am install -DskipTests} then {@code mvn -B -pl examples/custom-env
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.posttrain4j.examples.custom.TrainWordplay
 * -Dexec.args=runs/wordplay}.
 */
public final class TrainWordplay {
    /** What one run of the example measured. */
    public record Outcome(Map<String, EvalResult> afterSft, Map<String, EvalResult> afterPpo) {}

    private TrainWordplay() {}

    public static Outcome run(Path out, String preset, int sftSteps, int ppoUpdates, int evalEpisodes)
            throws IOException {
        Environments envs = Environments.discover(); // finds wordplay through META-INF/services
        List<String> variants = List.of("wordplay/wordplay-reverse", "wordplay/wordplay-rotate");
        Evaluator evaluator = new Evaluator(envs, evalEpisodes, 1, Sampling.greedy(16), evalEpisodes, Map.of());

        // 1. SFT on expert answers of the in-distribution rule.
        var data = ExpertData.singleTurn(() -> envs.create("wordplay-reverse"), 1, 400);
        SftConfig sft = SftConfig.builder().steps(sftSteps).learningRate(3e-3).runDir(out.resolve("sft"))
                .batchSize(32).checkpointEvery(sftSteps).build();
        Map<String, EvalResult> afterSft;
        try (TrainablePolicy policy = new DjlPolicyProvider().create(preset, Map.of("seed", "1"))) {
            new SftTrainer(sft, policy, ExpertData.examples(data), envs).train();
            afterSft = evaluator.evaluate(policy, variants);
        }

        // 2. PPO from the SFT checkpoint, against the environment's verifier, with its revision turns.
        Path init = new TrainingCheckpoint(out.resolve("sft").resolve("checkpoints")).latest().orElseThrow();
        PpoConfig ppo = PpoConfig.defaults().toBuilder().environment("wordplay/wordplay-reverse")
                .updates(ppoUpdates).transitions(32).numEnvs(8).minibatches(2).microBatch(16).maxNewTokens(16)
                .learningRate(1e-4).evalEvery(0).build();
        try (TrainablePolicy policy = new DjlPolicyProvider().create(
                init.resolve(TrainingCheckpoint.POLICY_DIR).toString(), Map.of());
                PpoTrainer trainer = new PpoTrainer(ppo, policy, envs, out.resolve("ppo"))) {
            trainer.train();
            return new Outcome(afterSft, evaluator.evaluate(policy, variants));
        }
    }

    public static void main(String[] args) throws IOException {
        Outcome o = run(Path.of(args.length > 0 ? args[0] : "runs/wordplay"), "small", 300, 10, 100);
        o.afterSft().forEach((v, r) -> System.out.printf("after SFT %-28s success %.2f%n", v, r.rate("success")));
        o.afterPpo().forEach((v, r) -> System.out.printf("after PPO %-28s success %.2f%n", v, r.rate("success")));
    }
}
