package io.posttrain4j.core.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointTest {
    @TempDir
    Path dir;

    private static FloatTensor vector(float... v) {
        return new FloatTensor(new long[] {v.length}, v);
    }

    private void writeShards() throws IOException {
        Safetensors.write(dir.resolve("model-00001-of-00002.safetensors"),
                Map.of("embed.weight", vector(1, 2), "layers.0.w", vector(3)), Map.of("format", "pt"));
        Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"),
                Map.of("lm_head.weight", vector(4, 5, 6)), Map.of("format", "pt"));
    }

    private void writeIndex(String weightMap) throws IOException {
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"metadata\": {\"total_size\": 24}, \"weight_map\": " + weightMap + "}");
    }

    private static final String GOOD_MAP = "{\"embed.weight\": \"model-00001-of-00002.safetensors\", "
            + "\"layers.0.w\": \"model-00001-of-00002.safetensors\", "
            + "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"}";

    @Test
    void shardedFolderReadsAsOneNameSpace() throws IOException {
        writeShards();
        writeIndex(GOOD_MAP);
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertThat(c.names()).containsExactly("embed.weight", "layers.0.w", "lm_head.weight");
            assertThat(c.files()).hasSize(2);
            assertThat(c.read("lm_head.weight").data()).containsExactly(4, 5, 6);
            assertThat(c.read("embed.weight").data()).containsExactly(1, 2);
            assertThat(c.entry("layers.0.w").dtype()).isEqualTo(DType.F32);
            assertThatThrownBy(() -> c.read("nope")).hasMessageContaining("no tensor 'nope'");
        }
    }

    @Test
    void singleFileFolderAndPlainFileBothOpen() throws IOException {
        Safetensors.write(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE), Map.of("w", vector(7)), Map.of());
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertThat(c.read("w").data()).containsExactly(7);
        }
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE))) {
            assertThat(c.names()).containsExactly("w");
        }
    }

    @Test
    void emptyFolderIsAClearError() {
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("expected model.safetensors.index.json or model.safetensors");
    }

    @Test
    void indexThatMisplacesATensorIsRejected() throws IOException {
        writeShards();
        writeIndex(GOOD_MAP.replace("\"lm_head.weight\": \"model-00002", "\"lm_head.weight\": \"model-00001"));
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .hasMessageContaining("weight_map puts tensor 'lm_head.weight' in model-00001-of-00002.safetensors, "
                        + "which does not hold it");
    }

    @Test
    void tensorsMissingFromTheIndexAreRejected() throws IOException {
        writeShards();
        writeIndex("{\"embed.weight\": \"model-00001-of-00002.safetensors\", "
                + "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .hasMessageContaining("tensor 'layers.0.w' of model-00001-of-00002.safetensors is missing from "
                        + "weight_map");
    }

    @Test
    void aTensorInTwoShardsIsRejected() throws IOException {
        writeShards();
        Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"),
                Map.of("lm_head.weight", vector(4, 5, 6), "layers.0.w", vector(9)), Map.of());
        writeIndex(GOOD_MAP);
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .hasMessageContaining("tensor 'layers.0.w' appears in both model-00001-of-00002.safetensors and "
                        + "model-00002-of-00002.safetensors");
    }

    @Test
    void malformedIndexesAreNamed() throws IOException {
        writeShards();
        Path index = dir.resolve(SafetensorsCheckpoint.INDEX_FILE);
        Files.writeString(index, "{");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageStartingWith(index + ": not valid JSON");
        writeIndex("[]");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .hasMessageStartingWith(index + ": weight_map must be an object");
        writeIndex("{}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessage(index + ": weight_map is empty");
        writeIndex("{\"w\": \"../model-00001-of-00002.safetensors\"}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .hasMessageContaining("weight_map['w'] must be a shard file name in the same folder");
        writeIndex("{\"w\": \"missing.safetensors\"}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.safetensors");
    }
}
