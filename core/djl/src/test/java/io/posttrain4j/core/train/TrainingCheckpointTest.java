package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.testing.TabularPolicy;

class TrainingCheckpointTest {
    @TempDir
    Path dir;

    private static final List<String> ANSWERS = List.of("a", "b", "c");
    private static final Observation PROMPT = Observation.of("q");

    /** One optimizer step that raises the likelihood of answer {@code pick}. */
    private static void train(TabularPolicy policy, AdamW opt, int pick) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                NDManager step = NDManager.newBaseManager()) {
            NDArray loss = policy.score(step, List.of(PROMPT), List.of(new int[] {pick}), ScoreOptions.likelihood())
                    .logProbs().sum().neg();
            gc.backward(loss);
        }
        opt.step(policy.parameters(), 0.1, 1.0);
    }

    private static TrainingCheckpoint.State state(long step) {
        return new TrainingCheckpoint.State("sft", step, 1, 7, Map.of("lr", 0.1),
                Provenance.now("sft", 3, Map.of("lr", 0.1)), Map.of("tokens", 123L, "flops", 4.5e9));
    }

    @Test
    void aRestoredCheckpointContinuesLikeTheOriginalRun() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy a = new TabularPolicy(m, ANSWERS, 4);
                TabularPolicy b = new TabularPolicy(m, ANSWERS, 4);
                AdamW optA = new AdamW(m, 0.9, 0.98, 1e-7, 0);
                AdamW optB = new AdamW(m, 0.9, 0.98, 1e-7, 0)) {
            train(a, optA, 1);
            train(a, optA, 2);
            TrainingCheckpoint ckpt = new TrainingCheckpoint(dir.resolve("checkpoints"));
            Path saved = ckpt.save(a, optA, state(2));
            assertThat(saved.getFileName().toString()).isEqualTo("step-000002");

            TrainingCheckpoint.State restored = TrainingCheckpoint.restore(saved, b, optB);
            assertThat(restored.step()).isEqualTo(2);
            assertThat(restored.epoch()).isEqualTo(1);
            assertThat(restored.position()).isEqualTo(7);
            assertThat(restored.longMetric("tokens", -1)).isEqualTo(123L);
            assertThat(restored.doubleMetric("flops", -1)).isEqualTo(4.5e9);
            assertThat(restored.provenance().seed()).isEqualTo(3);
            assertThat(optB.steps()).isEqualTo(2);

            train(a, optA, 0);
            train(b, optB, 0);
            assertThat(b.parameters().get("logits").toFloatArray())
                    .containsExactly(a.parameters().get("logits").toFloatArray());
        }
    }

    @Test
    void latestFollowsThePointerAndFallsBackToTheNewestCompleteFolder() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, ANSWERS, 4)) {
            TrainingCheckpoint ckpt = new TrainingCheckpoint(dir);
            assertThat(ckpt.latest()).isEmpty();
            ckpt.save(p, null, state(5));
            ckpt.save(p, null, state(10));
            assertThat(Files.readString(dir.resolve(TrainingCheckpoint.LATEST)).trim()).isEqualTo("step-000010");
            assertThat(ckpt.latest()).contains(dir.resolve("step-000010"));

            // a kill between the folder swap and the pointer write: the newer complete folder still wins
            Files.writeString(dir.resolve(TrainingCheckpoint.LATEST), "step-000005\n");
            assertThat(ckpt.latest()).contains(dir.resolve("step-000010"));

            // a torn folder (no state file) and a stale staging folder are ignored, a missing pointer is scanned past
            Files.createDirectories(dir.resolve("step-000020/policy"));
            Files.createDirectories(dir.resolve(".step-000030.staging/policy"));
            Files.delete(dir.resolve(TrainingCheckpoint.LATEST));
            assertThat(ckpt.latest()).contains(dir.resolve("step-000010"));
            assertThat(ckpt.complete()).extracting(TrainingCheckpoint::stepOf).containsExactly(5L, 10L);

            ckpt.prune(1);
            assertThat(ckpt.complete()).extracting(TrainingCheckpoint::stepOf).containsExactly(10L);
            assertThat(dir.resolve(".step-000030.staging")).doesNotExist();
        }
    }

    @Test
    void savingTheSameStepAgainReplacesTheFolder() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, ANSWERS, 4)) {
            TrainingCheckpoint ckpt = new TrainingCheckpoint(dir);
            ckpt.save(p, null, state(3));
            Files.writeString(dir.resolve("step-000003/extra.txt"), "old");
            ckpt.save(p, null, state(3));
            assertThat(dir.resolve("step-000003/extra.txt")).doesNotExist();
            assertThat(TrainingCheckpoint.readState(dir.resolve("step-000003")).config()).containsEntry("lr", 0.1);
        }
    }

    @Test
    void errorsNameTheFolderAndWhatIsMissing() throws IOException {
        Files.createDirectories(dir.resolve("step-000001"));
        assertThatThrownBy(() -> TrainingCheckpoint.readState(dir.resolve("step-000001")))
                .hasMessageContaining("step-000001").hasMessageContaining(TrainingCheckpoint.STATE_FILE);
        assertThatThrownBy(() -> TrainingCheckpoint.stepOf(dir.resolve("final")))
                .hasMessageContaining("step-NNNNNN");
        assertThatThrownBy(() -> TrainingCheckpoint.folderName(-1)).hasMessageContaining("-1");
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, ANSWERS, 4);
                AdamW opt = new AdamW(m, 0.9, 0.98, 1e-7, 0)) {
            Path saved = new TrainingCheckpoint(dir).save(p, null, state(4));
            assertThatThrownBy(() -> TrainingCheckpoint.restore(saved, p, opt))
                    .hasMessageContaining(TrainingCheckpoint.OPTIMIZER_FILE);
        }
    }

    @Test
    void cleanUpRemovesWhatKillsLeaveBehindAndKeepsEveryCompleteCheckpoint() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, ANSWERS, 4)) {
            TrainingCheckpoint ckpt = new TrainingCheckpoint(dir);
            for (long step : new long[] {1, 2, 3}) {
                ckpt.save(p, null, state(step));
            }
            // a kill while the old code pruned step 1: its state file went first, the rest stayed forever
            Files.delete(dir.resolve("step-000001").resolve(TrainingCheckpoint.STATE_FILE));
            // a kill while the pointer was written, while a folder was staged, and while one was being deleted
            Files.writeString(dir.resolve(".latest1234567.tmp"), "step-0000");
            Files.createDirectories(dir.resolve(".step-000004.staging/policy"));
            Files.createDirectories(dir.resolve(".step-000002.deleting/policy"));
            // a kill between moving step 3 aside and swapping its replacement in: the old copy is put back
            Files.move(dir.resolve("step-000003"), dir.resolve(".step-000003.old"));

            assertThat(ckpt.cleanUp()).containsExactlyInAnyOrder(".latest1234567.tmp", ".step-000004.staging",
                    ".step-000002.deleting", "step-000001");
            try (var list = Files.list(dir)) {
                assertThat(list.map(x -> x.getFileName().toString()).sorted().toList())
                        .containsExactly("latest", "step-000002", "step-000003");
            }
            assertThat(ckpt.latest()).contains(dir.resolve("step-000003"));
            assertThat(ckpt.cleanUp()).isEmpty();
        }
    }

    @Test
    void garbageInTheTrainerStateFailsRestoreNamingTheFile() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, ANSWERS, 4);
                AdamW opt = new AdamW(m, 0.9, 0.98, 1e-7, 0)) {
            train(p, opt, 1);
            Path saved = new TrainingCheckpoint(dir).save(p, opt, state(2));
            Path file = saved.resolve(TrainingCheckpoint.STATE_FILE);
            String good = Files.readString(file);
            for (String garbage : List.of("\u0000\u0013garbage", "null", "{\"kind\": \"sft\", \"step\": -4}",
                    good.replace("\"step\" : 2", "\"step\" : 7"))) {
                Files.writeString(file, garbage);
                assertThatThrownBy(() -> TrainingCheckpoint.restore(saved, p, opt)).as(garbage)
                        .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
            }
        }
    }

    @Test
    void garbageInTheOptimizerStateFailsRestoreNamingTheFileBeforeAnyWeightChanges() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); TabularPolicy p = new TabularPolicy(m, ANSWERS, 4);
                TabularPolicy q = new TabularPolicy(m, ANSWERS, 4);
                AdamW opt = new AdamW(m, 0.9, 0.98, 1e-7, 0)) {
            train(p, opt, 1);
            Path saved = new TrainingCheckpoint(dir).save(p, opt, state(2));
            Path file = saved.resolve(TrainingCheckpoint.OPTIMIZER_FILE);
            Map<String, io.posttrain4j.core.model.checkpoint.FloatTensor> moments =
                    io.posttrain4j.core.model.checkpoint.Safetensors.readAll(file);
            float[] before = q.parameters().get("logits").toFloatArray();

            Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            assertRestoreFails(saved, q, opt, file.toString());
            io.posttrain4j.core.model.checkpoint.Safetensors.write(file, moments, Map.of("step", "two"));
            assertRestoreFails(saved, q, opt, "'two'");
            var nan = new java.util.LinkedHashMap<>(moments);
            nan.put("m.logits", new io.posttrain4j.core.model.checkpoint.FloatTensor(new long[] {4, 3},
                    new float[] {0, 0, 0, Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0}));
            io.posttrain4j.core.model.checkpoint.Safetensors.write(file, nan, Map.of("step", "1"));
            assertRestoreFails(saved, q, opt, "NaN");
            var shape = new java.util.LinkedHashMap<>(moments);
            shape.put("v.logits", new io.posttrain4j.core.model.checkpoint.FloatTensor(new long[] {2}, new float[2]));
            io.posttrain4j.core.model.checkpoint.Safetensors.write(file, shape, Map.of("step", "1"));
            assertRestoreFails(saved, q, opt, "has shape [2], the parameter has [4, 3]");
            var stranger = new java.util.LinkedHashMap<>(moments);
            stranger.put("m.nothing", new io.posttrain4j.core.model.checkpoint.FloatTensor(new long[] {1}, new float[1]));
            io.posttrain4j.core.model.checkpoint.Safetensors.write(file, stranger, Map.of("step", "1"));
            assertRestoreFails(saved, q, opt, "'m.nothing'");

            assertThat(q.parameters().get("logits").toFloatArray()).containsExactly(before);
            // evaluation reads only the policy: it still loads
            q.loadWeights(saved.resolve(TrainingCheckpoint.POLICY_DIR));
            assertThat(q.parameters().get("logits").toFloatArray())
                    .containsExactly(p.parameters().get("logits").toFloatArray());
        }
    }

    private static void assertRestoreFails(Path saved, TabularPolicy policy, AdamW opt, String message) {
        assertThatThrownBy(() -> TrainingCheckpoint.restore(saved, policy, opt)).isInstanceOf(IOException.class)
                .hasMessageContaining(TrainingCheckpoint.OPTIMIZER_FILE).hasMessageContaining(message);
    }
}
