package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.CorpusProvider;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.corpus.DocumentSource;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.core.train.KlFromBase;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.sft.data.ExpertData;
import io.posttrain4j.sft.data.SftExample;

class PretrainTrainerTest {
    @TempDir
    Path dir;

    /** Documents that pair each colour with its thing; {@code shift} pairs them wrongly (another corpus). */
    static final class Pairs implements CorpusProvider {
        @Override
        public String id() {
            return "toy";
        }

        @Override
        public Map<String, String> families() {
            return Map.of("pairs", "a colour -> its thing");
        }

        @Override
        public Map<String, String> options() {
            return Map.of("shift", "0: pair colour i with thing i + shift");
        }

        @Override
        public DocumentSource open(Map<String, String> options, Set<String> families) {
            int shift = Integer.parseInt(options.getOrDefault("shift", "0"));
            return (family, rng) -> pair(rng, shift);
        }

        private static Document pair(SplittableRandom rng, int shift) {
            int i = rng.nextInt(ToyEnvironment.PROMPTS.size());
            return new Document("toy/pairs", Observation.of("Name the thing: " + ToyEnvironment.PROMPTS.get(i)),
                    ToyEnvironment.ANSWERS.get((i + shift) % ToyEnvironment.ANSWERS.size()));
        }
    }

    private final Corpora corpora = Corpora.of(List.of(new Pairs()));

    private Corpus corpus(long seed) {
        return corpora.mixture(corpora.parseMixture("toy/pairs"), Map.of(), seed);
    }

    private List<Probe> probes() {
        return List.of(new Probe("pairs", corpus(999), 12));
    }

    private static SftConfig.Builder config(Path runDir) {
        return SftConfig.builder().steps(12).learningRate(0.3).runDir(runDir).batchSize(4).seed(7)
                .evalEvery(4).evalBatchSize(4).evalMaxNewTokens(4).checkpointEvery(4).evalAtStart(true);
    }

    private static TabularPolicy tabular(NDManager m) {
        return new TabularPolicy(m, ToyEnvironment.ANSWERS, 64);
    }

    @Test
    void pretrainingOnACorpusTeachesWhatItsProbesAskAndRecordsTheRun() throws IOException {
        Path run = dir.resolve("run");
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = tabular(m)) {
            TrainResult result = new PretrainTrainer(config(run).build(), policy, corpus(1), probes(), null).train();
            assertThat(result.completed()).isTrue();
            assertThat(result.tokens()).isEqualTo(12 * 4 * 2); // per document: its answer token and end of turn
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> probes = Files.readAllLines(run.resolve(SftTrainer.METRICS_FILE)).stream()
                .map(l -> read(json, l)).filter(n -> n.has("probe/pairs")).toList();
        assertThat(probes).extracting(n -> n.get("step").asLong()).containsExactly(0L, 4L, 8L, 12L);
        assertThat(probes.get(0).get("probe/pairs").asDouble()).isLessThan(1.0);
        assertThat(probes.get(3).get("probe/pairs").asDouble()).isEqualTo(1.0);
        JsonNode runFile = json.readTree(run.resolve(SftTrainer.RUN_FILE).toFile());
        assertThat(runFile.get("kind").asText()).isEqualTo("pretrain");
        assertThat(runFile.get("config").get("corpus").get("toy/pairs").asDouble()).isEqualTo(1.0);
        assertThat(runFile.get("config").get("corpusSeed").asLong()).isEqualTo(1);
        assertThat(runFile.get("config").get("probes").get(0).asText()).isEqualTo("pairs");
    }

    @Test
    void aStoppedAndResumedRunEqualsAStraightOne() throws IOException {
        float[] straight;
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = tabular(m)) {
            new PretrainTrainer(config(dir.resolve("a")).build(), policy, corpus(1), probes(), null).train();
            straight = policy.parameters().values().iterator().next().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = tabular(m)) {
            new PretrainTrainer(config(dir.resolve("b")).stopAfterSteps(6).build(), policy, corpus(1), probes(),
                    null).train();
        }
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = tabular(m)) {
            PretrainTrainer trainer = new PretrainTrainer(config(dir.resolve("b")).build(), policy, corpus(1), probes(),
                    null);
            assertThat(trainer.resume()).isTrue();
            TrainResult r = trainer.train();
            assertThat(r.completed()).isTrue();
            assertThat(policy.parameters().values().iterator().next().toFloatArray()).isEqualTo(straight);
        }
        assertThat(Files.readAllLines(dir.resolve("b").resolve(SftTrainer.METRICS_FILE)))
                .isEqualTo(Files.readAllLines(dir.resolve("a").resolve(SftTrainer.METRICS_FILE)));
    }

    @Test
    void anotherCorpusOrAnSftRunIsNotResumed() throws IOException {
        Path run = dir.resolve("run");
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = tabular(m)) {
            new PretrainTrainer(config(run).stopAfterSteps(4).build(), policy, corpus(1), probes(), null).train();
            Corpus shifted = corpora.mixture(corpora.parseMixture("toy/pairs"), Map.of("toy", Map.of("shift", "1")), 1);
            assertThatThrownBy(() -> new PretrainTrainer(config(run).build(), policy, shifted,
                    probes(), null).resume()).hasMessageContaining("corpusOptions");
            assertThatThrownBy(() -> new PretrainTrainer(config(run).build(), policy, corpus(2),
                    probes(), null).resume()).hasMessageContaining("corpusSeed");
            List<SftExample> data = ExpertData.examples(ExpertData.singleTurn(ToyEnvironment::new, 42, 10));
            assertThatThrownBy(() -> new SftTrainer(config(run).build(), policy, data, null)
                    .resume()).hasMessageContaining("a checkpoint of a pretrain run, not of sft");
        }
    }

    @Test
    void sftLogsTheForwardKlFromItsBaseAtEveryEvaluation() throws IOException {
        Path run = dir.resolve("kl");
        List<SftExample> data = ExpertData.examples(ExpertData.singleTurn(ToyEnvironment::new, 42, 10));
        try (NDManager m = NDManager.newBaseManager(); TrainablePolicy policy = tabular(m)) {
            List<Observation> prompts = data.stream().map(SftExample::prompt).toList();
            KlFromBase kl = KlFromBase.sample(policy.frozenCopy(), prompts, 4, 3);
            new SftTrainer(config(run).build(), policy, data, null).logKlFromBase(kl).train();
        }
        ObjectMapper json = new ObjectMapper();
        List<Double> kl = Files.readAllLines(run.resolve(SftTrainer.METRICS_FILE)).stream().map(l -> read(json, l))
                .filter(n -> n.has("kl_from_base")).map(n -> n.get("kl_from_base").asDouble()).toList();
        assertThat(kl).hasSize(4); // steps 0, 4, 8, 12
        assertThat(kl.get(0)).isCloseTo(0.0, within(1e-4));
        assertThat(kl.get(3)).isGreaterThan(0.5); // the policy moved away from its uniform start
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
