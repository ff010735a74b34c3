package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.train.TrainingCheckpoint;

/**
 * A checkpoint's evaluation goes through the chosen {@link VariantEvaluation} once, with each hand's success, then comes
 * from the cache.
 */
class CheckpointEvaluatorTest {
    @TempDir
    Path dir;

    @Test
    void theChosenEvaluationPlaysTheEpisodesOnceAndItsResultsAreCached() throws IOException {
        Path checkpoint = dir.resolve("step-000001");
        ByteTokenizer tok = new ByteTokenizer();
        ModelConfig model = ModelConfig.preset("tiny").withVocabSize(tok.vocabSize());
        try (DjlPolicy p = DjlPolicy.create(model, new DefaultChatTemplate(tok, model.patchCount()), 1,
                Devices.parse("cpu"))) {
            p.save(checkpoint.resolve(TrainingCheckpoint.POLICY_DIR));
        }
        Environments environments = Environments.discover();
        Evaluator evaluator = new Evaluator(environments, 3, 5, Sampling.greedy(8), 3, Map.of("prompt", "compact"));
        AtomicInteger calls = new AtomicInteger();
        VariantEvaluation counting = (policy, e, variants) -> {
            calls.incrementAndGet();
            return VariantEvaluation.IN_PROCESS.episodes(policy, e, variants);
        };
        List<String> variants = List.of("gp-l", "gp-l-rule-ood");
        CheckpointEvaluator evals = new CheckpointEvaluator(environments, Policies.discover().get("djl"), java.util.Map.of(), evaluator,
                dir.resolve("evals.jsonl"), counting, 0);
        var first = evals.evaluate(checkpoint, variants);
        assertThat(first).containsOnlyKeys("gp-l", "gp-l-rule-ood");
        assertThat(first.get("gp-l").get("success").total()).isEqualTo(3);
        assertThat(evals.evaluate(checkpoint, variants)).isEqualTo(first);
        assertThat(calls).hasValue(1);
        CheckpointEvaluator reread = new CheckpointEvaluator(environments, Policies.discover().get("djl"), java.util.Map.of(), evaluator,
                dir.resolve("evals.jsonl"), counting, 0);
        assertThat(reread.evaluate(checkpoint, variants)).isEqualTo(first);
        assertThat(calls).hasValue(1);
        // each hand's success comes back from the chosen evaluation too (Spark's as well), so arms pair hand by hand
        for (CheckpointEvaluator e : List.of(evals, reread)) {
            Map<String, String> bits = e.successBits(checkpoint, variants);
            assertThat(bits).containsOnlyKeys("gp-l", "gp-l-rule-ood");
            bits.forEach((v, b) -> {
                assertThat(b).hasSize(3).matches("[01]+");
                assertThat((double) b.chars().filter(c -> c == '1').count())
                        .isEqualTo(first.get(v).get("success").hits());
            });
        }

        // A cache line without sample episodes (kept 0 above): an evaluator that keeps 2 per variant plays only those,
        // not the evaluation again, and a later reader finds them in the cache.
        CheckpointEvaluator sampling = new CheckpointEvaluator(environments, Policies.discover().get("djl"),
                java.util.Map.of(), evaluator, dir.resolve("evals.jsonl"), counting, 2);
        assertThat(sampling.samples(checkpoint, variants)).isEmpty();
        assertThat(sampling.evaluate(checkpoint, variants)).isEqualTo(first);
        assertThat(calls).hasValue(1);
        List<SampleEpisode> kept = sampling.samples(checkpoint, variants);
        assertThat(kept).extracting(SampleEpisode::variant)
                .containsExactly("gp-l", "gp-l", "gp-l-rule-ood", "gp-l-rule-ood");
        assertThat(kept).allSatisfy(e -> assertThat(e.turns()).isNotEmpty());
        CheckpointEvaluator later = new CheckpointEvaluator(environments, Policies.discover().get("djl"),
                java.util.Map.of(), evaluator, dir.resolve("evals.jsonl"), counting, 2);
        assertThat(later.samples(checkpoint, variants)).isEqualTo(kept);
        assertThat(later.evaluate(checkpoint, variants)).isEqualTo(first);
        assertThat(calls).hasValue(1);
    }
}
