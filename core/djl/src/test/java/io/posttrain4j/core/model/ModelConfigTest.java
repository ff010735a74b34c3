package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
    @TempDir
    Path tmp;

    @Test
    void presetsAreValidAndRoundTripThroughConfigJson() throws IOException {
        for (String name : ModelConfig.PRESETS) {
            ModelConfig c = ModelConfig.preset(name);
            Path file = tmp.resolve(name + ".json");
            ModelConfigJson.write(c, file);
            assertThat(ModelConfigJson.read(file)).isEqualTo(c);
        }
        assertThat(ModelConfig.preset("tiny").patchCount()).isEqualTo(4);
        assertThat(ModelConfig.preset("small").patchCount()).isEqualTo(16);
        assertThat(ModelConfig.preset("small").headDim()).isEqualTo(32);
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        assertThatThrownBy(() -> ModelConfig.preset("smal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model preset 'smal'; known: small, tiny, base");
    }

    @Test
    void badShapesAreRejectedWithTheValues() {
        ModelConfig t = ModelConfig.preset("tiny");
        assertThatThrownBy(() -> new ModelConfig(263, 30, 2, 4, 2, 96, 1e-5, 1e4, 64, true, false, 0, 0, 0, 0, 0, 0,
                List.of(), null, false, null)).hasMessageContaining("hiddenSize 30 must be a multiple of heads 4");
        assertThatThrownBy(() -> new ModelConfig(263, 32, 2, 4, 3, 96, 1e-5, 1e4, 64, true, false, 0, 0, 0, 0, 0, 0,
                List.of(), null, false, null)).hasMessageContaining("heads 4 must be a multiple of kvHeads 3");
        assertThatThrownBy(() -> new ModelConfig(263, 32, 2, 4, 2, 96, 1e-5, 1e4, 64, true, false, 20, 16, 8, 1, 32,
                2, List.of(), null, false, null)).hasMessageContaining("image size 20x16 must be a multiple of patchSize 8");
        assertThatThrownBy(() -> new ModelConfig(263, 32, 2, 4, 2, 96, 1e-5, 1e4, 64, true, false, 16, 16, 8, 0, 0,
                0, List.of(), null, false, null)).hasMessageContaining("text-only");
        assertThatThrownBy(() -> t.withValueHidden(List.of(0))).hasMessageContaining("valueHidden entry must be > 0");
    }

    @Test
    void aHuggingFaceQwen2ConfigReadsAsTextOnlyWithQkvBiases() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, """
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 151936,
                 "hidden_size": 896, "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2,
                 "intermediate_size": 4864, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
                 "max_position_embeddings": 32768, "tie_word_embeddings": true, "hidden_act": "silu",
                 "sliding_window": 32768, "use_sliding_window": false, "torch_dtype": "bfloat16"}
                """);
        ModelConfig c = ModelConfigJson.read(file);
        assertThat(c.attentionBias()).isTrue();
        assertThat(c.tieEmbeddings()).isTrue();
        assertThat(c.hasVision()).isFalse();
        assertThat(c.kvHeads()).isEqualTo(2);
        assertThat(c.headDim()).isEqualTo(64);
        assertThat(c.valueHidden()).containsExactly(1024, 512);
    }

    @Test
    void llama3RopeScalingReadsWritesAndFollowsTheReferenceFormula() {
        String json = "{\"model_type\": \"llama\", \"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 2, \"intermediate_size\": 8, \"max_position_embeddings\": 16,"
                + " \"rope_scaling\": {\"factor\": 32.0, \"high_freq_factor\": 4.0, \"low_freq_factor\": 1.0,"
                + " \"original_max_position_embeddings\": 8192, \"rope_type\": \"llama3\"}}";
        ModelConfig c = ModelConfigJson.parse(json);
        ModelConfig.RopeScaling rs = c.ropeScaling();
        assertThat(rs).isEqualTo(new ModelConfig.RopeScaling(32, 1, 4, 8192));
        assertThat(ModelConfigJson.parse(ModelConfigJson.toJson(c))).isEqualTo(c);
        // Short wavelengths (< 8192/4) stay, long ones (> 8192) shrink by the factor, the band between blends.
        assertThat(rs.scale(1.0)).isEqualTo(1.0);
        double low = 2 * Math.PI / 20000;
        assertThat(rs.scale(low)).isEqualTo(low / 32);
        double mid = 2 * Math.PI / 4096; // smooth = (8192/4096 - 1) / 3 = 1/3
        assertThat(rs.scale(mid)).isCloseTo((2.0 / 3) * mid / 32 + mid / 3, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void unsupportedHuggingFaceFeaturesAreNamed() {
        String base = "\"model_type\": \"llama\", \"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 2, \"intermediate_size\": 8, \"max_position_embeddings\": 16";
        assertThatThrownBy(() -> ModelConfigJson.parse("{" + base + ", \"rope_scaling\": {\"rope_type\": \"yarn\"}}"))
                .hasMessageContaining("supported: null, rope_type default or llama3");
        assertThatThrownBy(() -> ModelConfigJson.parse("{" + base + ", \"rope_scaling\": {\"rope_type\": \"llama3\"}}"))
                .hasMessageContaining("needs factor");
        assertThatThrownBy(() -> ModelConfigJson.parse("{" + base.replace("llama", "gpt2") + "}"))
                .hasMessageContaining("model_type 'gpt2' is not supported");
        assertThatThrownBy(() -> ModelConfigJson.parse("{\"model_type\": \"llama\"}"))
                .hasMessageContaining("missing field 'hidden_size'");
        assertThat(ModelConfigJson.parse("{" + base + "}").kvHeads()).isEqualTo(2);
    }
}
