package io.posttrain4j.sft;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.testing.GoldenMetrics;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.core.train.KlFromBase;
import io.posttrain4j.sft.data.SftExample;
import io.posttrain4j.sft.testing.ToyProvider;

/**
 * SFT and pretraining metrics of a fixed seed with the tiny transformer (evaluation on an environment, probes, KL
 * from the base) must equal the committed records; see {@link GoldenMetrics}.
 */
class SftGoldenMetricsTest {
    @TempDir
    Path dir;

    private static DjlPolicy tiny() {
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig model = ModelConfig.preset("tiny").withVocabSize(tok.vocabSize());
        return DjlPolicy.create(model, new DefaultChatTemplate(tok, model.patchCount()), 3, Devices.parse("cpu"));
    }

    private static SftConfig.Builder config(Path runDir) {
        return SftConfig.builder().steps(6).learningRate(3e-3).runDir(runDir).batchSize(4)
                .microBatchSize(2).seed(5).evalEvery(3).evalEpisodes(6).evalBatchSize(6)
                .evalMaxNewTokens(6).checkpointEvery(0);
    }

    private static List<Probe> probes() {
        Corpora corpora = Corpora.of(List.of(new PretrainTrainerTest.Pairs()));
        return List.of(new Probe("pairs", corpora.mixture(corpora.parseMixture("toy/pairs"), Map.of(), 999), 6));
    }

    @Test
    void sftOfAFixedSeedGivesTheCommittedMetrics() throws IOException {
        List<SftExample> data = new ArrayList<>();
        for (int i = 0; i < ToyEnvironment.PROMPTS.size(); i++) {
            data.add(new SftExample(Observation.of("Name the thing: " + ToyEnvironment.PROMPTS.get(i)),
                    ToyEnvironment.ANSWERS.get(i)));
        }
        Path run = dir.resolve("sft");
        try (DjlPolicy base = tiny(); DjlPolicy policy = tiny()) {
            KlFromBase kl = KlFromBase.sample(base, data.stream().map(SftExample::prompt).toList(), 6, 11);
            new SftTrainer(config(run).evalVariants(List.of("toy/toy-id")).build(), policy, data, probes(),
                    Environments.of(List.of(new ToyProvider()))).logKlFromBase(kl).train();
        }
        GoldenMetrics.assertMatches(run.resolve("metrics.jsonl"), "golden/sft-tiny-metrics.jsonl");
    }

    @Test
    void pretrainingOfAFixedSeedGivesTheCommittedMetrics() throws IOException {
        Corpora corpora = Corpora.of(List.of(new PretrainTrainerTest.Pairs()));
        Corpus corpus = corpora.mixture(corpora.parseMixture("toy/pairs"), Map.of(), 1);
        Path run = dir.resolve("pretrain");
        try (DjlPolicy policy = tiny()) {
            new PretrainTrainer(config(run).build(), policy, corpus, probes(), null).train();
        }
        GoldenMetrics.assertMatches(run.resolve("metrics.jsonl"), "golden/pretrain-tiny-metrics.jsonl");
    }
}
