package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.testing.DirectMemoryChurn;

/**
 * The same short SFT run, repeated while another thread keeps collecting garbage and reusing freed direct memory:
 * every run has the same gradient norm and loss at every step, and no step is skipped. Before the scalar
 * operands of the forward pass were kept in torch-owned memory, the first run here already diverged.
 */
class GradientStressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> trajectory(Path runDir, int steps) throws IOException {
        try (DjlPolicy p = DjlResumeTest.tiny()) {
            SftConfig c = SftConfig.builder().steps(steps).learningRate(3e-3).runDir(runDir).batchSize(6)
                    .microBatchSize(3).checkpointEvery(0).seed(5).build();
            new SftTrainer(c, p, DjlResumeTest.data(), null).train();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve(SftTrainer.METRICS_FILE))) {
            JsonNode n = JSON.readTree(line);
            if (n.has("grad_norm")) {
                out.add(n.get("step") + " loss " + n.get("loss") + " norm " + n.get("grad_norm")
                        + " skipped " + n.get("skipped_steps"));
            }
        }
        return out;
    }

    @Test
    void repeatedRunsUnderMemoryChurnHaveIdenticalGradientNorms() throws Exception {
        repeat(3, 30);
    }

    /** The long form: ten runs of 200 steps (about a minute). */
    @Test
    @Tag("slow")
    void manyLongerRunsUnderMemoryChurnHaveIdenticalGradientNorms() throws Exception {
        repeat(10, 200);
    }

    private void repeat(int runs, int steps) throws Exception {
        List<String> quiet = trajectory(dir.resolve("quiet"), steps);
        assertThat(quiet).hasSize(steps).allSatisfy(l -> assertThat(l).endsWith("skipped 0"));
        try (AutoCloseable churn = DirectMemoryChurn.inBackground()) {
            for (int run = 0; run < runs; run++) {
                assertThat(trajectory(dir.resolve("churn" + run), steps)).as("run %d under churn", run)
                        .isEqualTo(quiet);
            }
        }
    }
}
