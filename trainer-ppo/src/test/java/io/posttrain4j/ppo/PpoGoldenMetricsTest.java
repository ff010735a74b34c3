package io.posttrain4j.ppo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.testing.GoldenMetrics;

/**
 * PPO and GRPO metrics of a fixed seed, with the tiny transformer (value head, reference policy, KL penalty), must
 * equal the committed records: a refactoring of the trainer that changes what it computes fails here.
 *
 * <p>See {@link GoldenMetrics} for what is compared and how to rewrite the files after a deliberate change.
 */
class PpoGoldenMetricsTest {
    @TempDir
    Path dir;

    static PpoConfig config(Algorithm algorithm) {
        return PpoConfig.defaults().toBuilder()
                .algorithm(algorithm)
                .environment("digits")
                .updates(3)
                .transitions(16).numEnvs(4).groupSize(4).rolloutUnit(RolloutUnit.STEPS)
                .epochs(2).minibatches(2).microBatch(4)
                .temperature(1.0).maxNewTokens(6).answerKey(null)
                .learningRate(3e-3).minLearningRate(1e-3)
                .klCoef(0.05).klPlacement(algorithm == Algorithm.PPO ? KlPlacement.REWARD : KlPlacement.LOSS)
                .evalEvery(2).evalEpisodes(6).evalBatch(6)
                .checkpointEvery(0)
                .seed(17)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppo", "grpo"})
    void aFixedSeedGivesTheCommittedMetrics(String algorithm) throws IOException {
        PpoConfig config = config(Algorithm.valueOf(algorithm.toUpperCase()));
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig model = ModelConfig.preset("tiny").withVocabSize(tok.vocabSize());
        try (DjlPolicy policy = DjlPolicy.create(model, new DefaultChatTemplate(tok, model.patchCount()), 3,
                Devices.parse("cpu"));
                PpoTrainer trainer = new PpoTrainer(config, policy, Environments.of(List.of(new DigitsProvider())), dir)) {
            trainer.train();
        }
        GoldenMetrics.assertMatches(dir.resolve("metrics.jsonl"), "golden/" + algorithm + "-tiny-metrics.jsonl");
    }

    /**
     * Two turns per episode; the reward of a response is spread over [-0.5, 0.5] by its characters, so that even
     * an untrained byte-level model sees rewards that differ (advantages, clipping and the critic all move).
     */
    static final class DigitsEnvironment implements Environment {
        private int turn;
        private double total;
        private Observation current;

        @Override
        public String id() {
            return "digits/sum";
        }

        @Override
        public Observation reset(long seed) {
            turn = 0;
            total = 0;
            current = Observation.of("Write digits: " + Long.toUnsignedString(seed % 1000));
            return current;
        }

        @Override
        public Step step(String action) {
            turn++;
            int sum = 0;
            for (int k = 0; k < action.length(); k++) {
                sum += action.charAt(k);
            }
            double reward = (sum % 11) / 10.0 - 0.5;
            total += reward;
            boolean last = turn == 2;
            current = current.followUp(action, "Again.");
            return new Step(current, reward, last, false, "sum " + sum, reward > 0.3);
        }

        @Override
        public Map<String, Tally> episodeMetrics() {
            return Map.of("success", Tally.of(total > 0));
        }
    }

    static final class DigitsProvider implements EnvironmentProvider {
        @Override
        public String id() {
            return "digits";
        }

        @Override
        public List<Variant> variants() {
            return List.of(new Variant("sum", "digits -> reward by their sum", Split.IN_DISTRIBUTION, Modality.TEXT,
                    "sum"));
        }

        @Override
        public Map<String, String> options() {
            return Map.of();
        }

        @Override
        public Environment create(String variant, Map<String, String> options) {
            return new DigitsEnvironment();
        }
    }
}
