package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.checkpoint.DType;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.model.checkpoint.Safetensors;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.TrainablePolicy;

class PolicyCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void saveThenLoadReproducesOutputsBitForBit() throws IOException {
        Path dir = tmp.resolve("ckpt");
        List<Observation> obs = TinyPolicies.mixed();
        Sampling s = new Sampling(0.9, 0, 1, 8);
        long[] seeds = {1, 2, 3, 4};
        try (DjlPolicy a = TinyPolicies.tiny(3)) {
            a.save(dir);
            assertThat(dir.resolve("config.json")).exists();
            assertThat(dir.resolve("model.safetensors")).exists();
            assertThat(dir.resolve("posttrain4j-model.json")).exists();
            try (DjlPolicy b = DjlPolicy.load(dir, 99, Device.cpu()); DjlPolicy c = TinyPolicies.tiny(4);
                    NDManager m = NDManager.newBaseManager()) {
                assertThat(b.config()).isEqualTo(a.config());
                List<Generation> ga = a.generate(obs, s, seeds);
                List<Generation> gb = b.generate(obs, s, seeds);
                for (int i = 0; i < ga.size(); i++) {
                    assertThat(gb.get(i).tokens()).containsExactly(ga.get(i).tokens());
                    assertThat(gb.get(i).logProbs()).containsExactly(ga.get(i).logProbs());
                }
                List<int[]> resp = List.of(a.encodeResponse("x"), a.encodeResponse("yz"), a.encodeResponse(""),
                        a.encodeResponse("w"));
                ScoreOptions so = new ScoreOptions(1, null, 1, true, false);
                assertThat(b.score(m, obs, resp, so).values().toFloatArray())
                        .containsExactly(a.score(m, obs, resp, so).values().toFloatArray());
                // loadWeights copies in place into a differently seeded policy.
                NDArray before = c.parameters().get("model.embed_tokens.weight");
                c.loadWeights(dir);
                assertThat(c.parameters().get("model.embed_tokens.weight")).isSameAs(before);
                assertThat(before.hasGradient()).isTrue();
                for (Map.Entry<String, NDArray> e : a.parameters().entrySet()) {
                    assertThat(c.parameters().get(e.getKey()).toFloatArray()).as(e.getKey())
                            .containsExactly(e.getValue().toFloatArray());
                }
            }
        }
    }

    @Test
    void savingOverAnExistingCheckpointReplacesIt() throws IOException {
        Path dir = tmp.resolve("ckpt");
        try (DjlPolicy a = TinyPolicies.tiny(1); DjlPolicy b = TinyPolicies.tiny(2)) {
            a.save(dir);
            b.save(dir);
            try (DjlPolicy c = DjlPolicy.load(dir, 0, Device.cpu())) {
                assertThat(c.parameters().get("model.norm.weight").toFloatArray())
                        .containsExactly(b.parameters().get("model.norm.weight").toFloatArray());
                assertThat(c.parameters().get("model.embed_tokens.weight").toFloatArray())
                        .containsExactly(b.parameters().get("model.embed_tokens.weight").toFloatArray());
            }
        }
        try (var list = Files.list(tmp)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("ckpt");
        }
    }

    @Test
    void aTruncatedWeightsFileGetsAClearErrorAndLeavesTheWeightsAlone() throws IOException {
        Path dir = tmp.resolve("ckpt");
        try (DjlPolicy a = TinyPolicies.tiny(1); DjlPolicy b = TinyPolicies.tiny(2)) {
            a.save(dir);
            Path weights = dir.resolve("model.safetensors");
            long size = Files.size(weights);
            try (var ch = Files.newByteChannel(weights, StandardOpenOption.WRITE)) {
                ch.truncate(size - 100);
            }
            float[] before = b.parameters().get("value_head.layers.0.weight").toFloatArray();
            assertThatThrownBy(() -> b.loadWeights(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("model.safetensors");
            assertThat(b.parameters().get("value_head.layers.0.weight").toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void aMissingTensorOrAShapeMismatchIsNamed() throws IOException {
        Path dir = tmp.resolve("ckpt");
        try (DjlPolicy a = TinyPolicies.tiny(1)) {
            a.save(dir);
            Path weights = dir.resolve("model.safetensors");
            Map<String, FloatTensor> t = new LinkedHashMap<>(Safetensors.readAll(weights));
            FloatTensor norm = t.remove("model.norm.weight");
            Safetensors.write(weights, t, Map.of());
            assertThatThrownBy(() -> a.loadWeights(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no tensor 'model.norm.weight'").hasMessageContaining("[32]");
            t.put("model.norm.weight", new FloatTensor(new long[] {31}, new float[31]));
            Safetensors.write(weights, t, Map.of());
            assertThatThrownBy(() -> a.loadWeights(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("'model.norm.weight' has shape [31], the model expects [32]");
            t.put("model.norm.weight", norm);
            t.put("extra.weight", norm);
            Safetensors.write(weights, t, Map.of());
            assertThatThrownBy(() -> a.loadWeights(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("extra.weight");
        }
        assertThatThrownBy(() -> DjlPolicy.load(tmp.resolve("nowhere"), 0, Device.cpu()))
                .isInstanceOf(IOException.class).hasMessageContaining("config.json");
    }

    @Test
    void nonFiniteWeightsFailTheLoadNamingTheFileAndTensor() throws IOException {
        Path dir = tmp.resolve("ckpt");
        try (DjlPolicy a = TinyPolicies.tiny(1)) {
            a.save(dir);
        }
        Path weights = dir.resolve("model.safetensors");
        Map<String, FloatTensor> t = new LinkedHashMap<>(Safetensors.readAll(weights));
        float[] norm = t.get("model.norm.weight").data().clone();
        norm[5] = Float.NaN;
        t.put("model.norm.weight", new FloatTensor(new long[] {32}, norm));
        Safetensors.write(weights, t, Map.of("format", "pt"));
        assertThatThrownBy(() -> DjlPolicy.load(dir, 0, Device.cpu())).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("model.safetensors")
                .hasMessageContaining("'model.norm.weight' in model.safetensors holds NaN at element 5");
    }

    @Test
    void aConfigThatDoesNotFitItsWeightsFailsBeforeTheModelIsAllocated() throws IOException {
        Path dir = tmp.resolve("ckpt");
        try (DjlPolicy a = TinyPolicies.tiny(1)) {
            a.save(dir);
        }
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"vocab_size\" : \\d+",
                "\"vocab_size\" : 2147483647"));
        assertThat(Files.readString(config)).contains("2147483647");
        assertThatThrownBy(() -> DjlPolicy.load(dir, 0, Device.cpu())).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("'model.embed_tokens.weight' has shape [263, 32], the model expects "
                        + "[2147483647, 32]");
    }

    @Test
    void aHuggingFaceLlamaFolderWithBf16ShardsLoadsItsTextWeights() throws IOException, Exception {
        Path dir = tmp.resolve("hf");
        Files.createDirectories(dir);
        Files.copy(Path.of(getClass().getResource("tokenizer/llama3-wordlevel/tokenizer.json").toURI()),
                dir.resolve("tokenizer.json"));
        String config = """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 32,
                 "hidden_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1,
                 "intermediate_size": 24, "rms_norm_eps": 1e-5, "rope_theta": 500000.0,
                 "max_position_embeddings": 64, "tie_word_embeddings": false, "hidden_act": "silu",
                 "torch_dtype": "bfloat16", "rope_scaling": null}
                """;
        Files.writeString(dir.resolve("config.json"), config);
        ModelConfig c = ModelConfigJson.parse(config);
        assertThat(c.hasVision()).isFalse();
        assertThat(c.valueHidden()).containsExactly(1024, 512);
        // Two shards in bf16, listed by an index, text tensors only (as Hugging Face ships them).
        Map<String, FloatTensor> shard1 = new LinkedHashMap<>();
        Map<String, FloatTensor> shard2 = new LinkedHashMap<>();
        StringBuilder weightMap = new StringBuilder();
        int k = 0;
        for (ParameterLayout.Spec spec : ParameterLayout.of(c).values()) {
            if (!ParameterLayout.fromCheckpoint(spec.name())) {
                continue;
            }
            float[] v = ParameterLayout.initialValues(new ParameterLayout.Spec(spec.name(), spec.shape(),
                    ParameterLayout.Init.normal(0.5)), 5);
            (k++ % 2 == 0 ? shard1 : shard2).put(spec.name(), new FloatTensor(spec.shape(), v));
            weightMap.append(weightMap.length() == 0 ? "" : ",").append('"').append(spec.name()).append("\":\"")
                    .append(k % 2 == 1 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")
                    .append('"');
        }
        Safetensors.write(dir.resolve("model-00001-of-00002.safetensors"), shard1, Map.of("format", "pt"), DType.BF16);
        Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"), shard2, Map.of("format", "pt"), DType.BF16);
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\":{" + weightMap + "}}");

        TrainablePolicy p = TrainablePolicy.of(
                Policies.discover().get("djl").create(dir.toString(), Map.of("seed", "3")));
        try (p) {
            FloatTensor q = shard2.containsKey("model.layers.0.self_attn.q_proj.weight")
                    ? shard2.get("model.layers.0.self_attn.q_proj.weight")
                    : shard1.get("model.layers.0.self_attn.q_proj.weight");
            float[] loaded = p.parameters().get("model.layers.0.self_attn.q_proj.weight").toFloatArray();
            for (int i = 0; i < loaded.length; i++) {
                // bf16 keeps 8 mantissa bits: the loaded value is the rounded original.
                assertThat(loaded[i]).isCloseTo(q.data()[i], org.assertj.core.api.Assertions.within(
                        Math.abs(q.data()[i]) / 128 + 1e-6f));
            }
            assertThat(p.parameters()).containsKey("value_head.layers.0.weight").doesNotContainKey("vision_tower.pos_embed");
            Generation g = p.generate(List.of(Observation.of("hello")), Sampling.greedy(4), new long[1]).get(0);
            assertThat(g.tokens()).isNotEmpty();
        }
    }

    @Test
    void theProviderBuildsPresetsAndRejectsBadOptions() {
        var provider = (DjlPolicyProvider) Policies.discover().get("djl");
        assertThat(provider.presets()).containsExactly("small", "tiny", "base");
        try (TrainablePolicy p = provider.create("tiny", Map.of("seed", "5", "device", "cpu"))) {
            try (DjlPolicy same = TinyPolicies.tiny(5)) {
                assertThat(p.parameterCount()).isEqualTo(same.parameterCount());
            }
        }
        assertThatThrownBy(() -> provider.create("huge", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("small, tiny, base");
        assertThatThrownBy(() -> provider.create("tiny", Map.of("sede", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option 'sede'");
        try (TrainablePolicy longer = provider.create("tiny", Map.of("seed", "5", "maxPositions", "4096"))) {
            try (DjlPolicy same = TinyPolicies.tiny(5)) {
                assertThat(longer.parameterCount()).isEqualTo(same.parameterCount());
                assertThat(((DjlPolicy) longer).config().maxPositions()).isEqualTo(4096);
            }
        }
        assertThatThrownBy(() -> provider.create("tiny", Map.of("maxPositions", "-3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPositions")
                .hasMessageContaining("'-3'");
        assertThatThrownBy(() -> provider.create("tiny", Map.of("device", "tpu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu, gpu, gpu:N");
        if (ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0) {
            assertThatThrownBy(() -> provider.create("tiny", Map.of("device", "gpu")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sees 0 GPU");
        }
        assertThatThrownBy(() -> provider.create(tmp.resolve("none").toString(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a preset");
    }

    @Test
    void frozenCopiesShareWeightsButNotGradients() {
        try (DjlPolicy a = TinyPolicies.tiny(8); DjlPolicy f = a.frozenCopy(); NDManager m = NDManager.newBaseManager()) {
            assertThat(f.isTrainable()).isFalse();
            for (Map.Entry<String, NDArray> e : a.parameters().entrySet()) {
                assertThat(f.parameters().get(e.getKey()).hasGradient()).isFalse();
                assertThat(f.parameters().get(e.getKey()).toFloatArray()).containsExactly(e.getValue().toFloatArray());
            }
            List<Observation> obs = List.of(Observation.of("q"));
            List<int[]> r = List.of(a.encodeResponse("ab"));
            assertThat(f.score(m, obs, r, ScoreOptions.likelihood()).logProbs().toFloatArray())
                    .containsExactly(a.score(m, obs, r, ScoreOptions.likelihood()).logProbs().toFloatArray());
        }
    }
}
