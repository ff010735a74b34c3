package io.posttrain4j.examples.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainWordplayTest {
    @Test
    void theCustomEnvironmentTrainsWithBothTrainersThroughTheJavaApi(@TempDir Path dir) throws Exception {
        TrainWordplay.Outcome o = TrainWordplay.run(dir, "tiny", 4, 1, 4);
        assertThat(o.afterSft()).containsOnlyKeys("wordplay/wordplay-reverse", "wordplay/wordplay-rotate");
        assertThat(o.afterPpo().get("wordplay/wordplay-reverse").episodes()).isEqualTo(4);
        assertThat(dir.resolve("ppo").resolve("metrics.jsonl")).exists();
        assertThat(Files.readAllLines(dir.resolve("ppo").resolve("metrics.jsonl"))).isNotEmpty();
        assertThat(dir.resolve("sft").resolve("checkpoints")).isDirectory();
    }
}
