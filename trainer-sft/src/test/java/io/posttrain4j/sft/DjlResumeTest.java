package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.sft.data.SftExample;

/** The trainer with the real transformer policy (tiny preset): exact resume and response-only loss. */
@Tag("slow")
class DjlResumeTest {
    @TempDir
    Path dir;

    static DjlPolicy tiny() {
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig config = ModelConfig.preset("tiny").withVocabSize(tok.vocabSize());
        return DjlPolicy.create(config, new DefaultChatTemplate(tok, config.patchCount()), 11, Devices.parse("cpu"));
    }

    static List<SftExample> data() {
        List<SftExample> out = new ArrayList<>();
        String[] answers = {"(9+9-10)*3=24", "8*3=24", "no", "(1+2+3)*4=24", "6*4=24", "12+12=24"};
        for (int i = 0; i < answers.length; i++) {
            out.add(new SftExample(Observation.of("Cards: hand " + i), answers[i]));
        }
        return out;
    }

    private static SftConfig.Builder config(Path runDir) {
        return SftConfig.builder().steps(8).learningRate(3e-3).runDir(runDir).batchSize(4)
                .microBatchSize(2).checkpointEvery(3).seed(5);
    }

    private static Map<String, float[]> weights(DjlPolicy p) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : p.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }

    @Test
    void aStoppedAndResumedRunOfTheTinyTransformerMatchesAStraightRunBitForBit() throws IOException {
        Map<String, float[]> straight;
        try (DjlPolicy p = tiny()) {
            new SftTrainer(config(dir.resolve("a")).build(), p, data(), null).train();
            straight = weights(p);
        }
        try (DjlPolicy p = tiny()) {
            new SftTrainer(config(dir.resolve("b")).stopAfterSteps(5).build(), p, data(), null).train();
        }
        Map<String, float[]> resumed;
        try (DjlPolicy p = tiny(); SftTrainer trainer = new SftTrainer(config(dir.resolve("b")).build(), p, data(), null)) {
            trainer.resume();
            trainer.train();
            resumed = weights(p);
        }
        assertThat(resumed.keySet()).isEqualTo(straight.keySet());
        straight.forEach((k, v) -> assertThat(resumed.get(k)).as(k).isEqualTo(v));
        assertThat(Files.readAllLines(dir.resolve("b/metrics.jsonl")))
                .isEqualTo(Files.readAllLines(dir.resolve("a/metrics.jsonl")));
    }

    @Test
    void theLossOnlyCountsResponseTokens() {
        try (DjlPolicy p = tiny(); ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            Observation prompt = Observation.of("Cards: ['Q', '3', '9', '9']");
            int[] response = p.encodeResponse("(9+9-10)*3=24");
            Scores scores = new Scores(p, m, prompt, response);
            // one log-probability per response token (end of turn included), none for the prompt
            assertThat(scores.count).isEqualTo(response.length);
            // the hand-computed token mean over those equals the loss the trainer minimises
            assertThat(SftLoss.tokenNll(scores.raw, response.length).getFloat())
                    .isCloseTo((float) (-scores.sum / response.length), org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    /** The scores of one response, with their sum read out in Java. */
    private static final class Scores {
        final io.posttrain4j.core.train.Scores raw;
        final int count;
        final double sum;

        Scores(DjlPolicy p, ai.djl.ndarray.NDManager m, Observation prompt, int[] response) {
            raw = p.score(m, List.of(prompt), List.of(response), ScoreOptions.likelihood());
            float[] lp = raw.logProbs().toFloatArray();
            float[] mask = raw.mask().toFloatArray();
            int n = 0;
            double s = 0;
            for (int i = 0; i < lp.length; i++) {
                n += mask[i] > 0 ? 1 : 0;
                s += lp[i] * mask[i];
            }
            count = n;
            sum = s;
        }
    }
}
