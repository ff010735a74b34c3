package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @Test
    void resumingDropsTheRecordsPastTheCheckpointAndATornLastLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.create(f)) {
            for (int s = 1; s <= 5; s++) {
                log.write(s, Map.of("loss", 1.0 / s));
            }
        }
        Files.writeString(f, "{\"step\": 6, \"lo", java.nio.file.StandardOpenOption.APPEND);
        try (MetricsLog log = MetricsLog.resume(f, 3)) {
            log.write(4, Map.of("loss", 0.25));
        }
        assertThat(MetricsLog.read(f)).extracting(r -> ((Number) r.get("step")).intValue()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void nonFiniteValuesStayValidJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.jsonl");
        try (MetricsLog log = MetricsLog.create(f)) {
            log.write(1, Map.of("loss", Double.NaN));
        }
        assertThat(MetricsLog.read(f).get(0)).containsEntry("loss", "NaN");
    }
}
