package io.posttrain4j.core.model;

import static io.posttrain4j.core.model.Parity.JSON;
import static io.posttrain4j.core.model.Parity.assertClose;
import static io.posttrain4j.core.model.Parity.copy;
import static io.posttrain4j.core.model.Parity.firstIndexOf;
import static io.posttrain4j.core.model.Parity.fixture;
import static io.posttrain4j.core.model.Parity.flat;
import static io.posttrain4j.core.model.Parity.ints;
import static io.posttrain4j.core.model.Parity.logits;
import static io.posttrain4j.core.model.Parity.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;

/**
 * Parity with transformers 5.17: tiny checkpoints saved by {@code save_pretrained} and the logits and greedy tokens
 * transformers computed for them (written by {@code src/test/python/make_hf_parity_fixtures.py}). Each folder
 * loads through {@link DjlPolicy#load} exactly as a downloaded model does.
 */
class HfParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"llama3", "qwen2", "qwen2-sharded", "qwen2-bf16", "smollm2"})
    void logitsOfLeftPaddedRowsAndFarPositionsAndGreedyTokensMatchTransformers(String name) throws Exception {
        Path dir = fixture(name);
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            assertThat(PolicyCheckpoint.tensorNames(dir)).as("every tensor of the file is a parameter")
                    .isSubsetOf(policy.network().parameters().keySet());
            assertMatchesGoldens(policy, dir, name);
        }
    }

    /** The policy's logits (padded batch, far positions) and greedy tokens equal the folder's goldens.json. */
    static void assertMatchesGoldens(DjlPolicy policy, Path dir, String name) throws IOException {
        JsonNode golden = JSON.readTree(dir.resolve("goldens.json").toFile());
        {
            Network net = policy.network();

            // Three rows of different lengths, left-padded; only real positions are compared.
            JsonNode batch = golden.get("batch");
            List<EncodedPrompt> prompts = new ArrayList<>();
            for (int r = 0; r < batch.get("ids").size(); r++) {
                prompts.add(prompt(realIds(batch.get("ids").get(r), batch.get("mask").get(r))));
            }
            SequenceBatch sb = SequenceBatch.of(prompts, null, 0, 0);
            assertThat(sb.positions).containsExactly(flat(batch.get("positions")));
            float[] logits = logits(net, sb);
            int v = net.config.vocabSize();
            int t = sb.columns();
            for (int r = 0; r < prompts.size(); r++) {
                JsonNode expected = batch.get("logits").get(r);
                for (int j = 0; j < expected.size(); j++) {
                    int col = sb.pad[r] + j;
                    assertClose(logits, (r * t + col) * v, expected.get(j), name + " batch row " + r + " pos " + j);
                }
            }

            // One row at positions spaced far apart (RoPE theta and scaling show only there).
            JsonNode far = golden.get("far");
            SequenceBatch farBatch = SequenceBatch.of(List.of(prompt(ints(far.get("ids").get(0)))), null, 0, 0);
            long[] farPositions = flat(far.get("positions"));
            System.arraycopy(farPositions, 0, farBatch.positions, 0, farPositions.length);
            float[] farLogits = logits(net, farBatch);
            for (int j = 0; j < far.get("logits").size(); j++) {
                assertClose(farLogits, j * v, far.get("logits").get(j), name + " far pos " + farPositions[j]);
            }

            // Greedy tokens, with the KV cache and without; the golden gaps show each step is decided.
            JsonNode greedy = golden.get("greedy");
            int[] expectedTokens = ints(greedy.get("tokens"));
            for (JsonNode gap : greedy.get("gaps")) {
                assertThat(gap.asDouble()).as("top-2 gap of a golden step").isGreaterThan(1e-3);
            }
            ChatTemplate raw = new RawIds(policy.template().tokenizer(), ints(greedy.get("prompt")));
            int eot = policy.template().tokenizer().special().endOfTurn();
            int stop = firstIndexOf(expectedTokens, eot);
            int[] want = stop < 0 ? expectedTokens : Arrays.copyOf(expectedTokens, stop + 1);
            for (boolean cache : new boolean[] {true, false}) {
                Generation g = Generator.generate(net, raw, List.of(Observation.of("ignored")),
                        Sampling.greedy(expectedTokens.length), new long[] {0}, cache).get(0);
                assertThat(g.tokens()).as(name + " greedy tokens, cache " + cache).containsExactly(want);
            }
        }
    }

    @Test
    void aFolderWithoutLmHeadIsTiedWhateverItsConfigSays(@TempDir Path tmp) throws Exception {
        Path dir = copy(fixture("qwen2"), tmp.resolve("qwen2"));
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"tie_word_embeddings\": true",
                "\"tie_word_embeddings\": false"));
        assertThat(PolicyCheckpoint.tensorNames(dir)).doesNotContain("lm_head.weight");
        try (DjlPolicy tied = DjlPolicy.load(fixture("qwen2"), 0, TestDevice.get());
                DjlPolicy untied = DjlPolicy.load(dir, 0, TestDevice.get())) {
            assertThat(untied.config().tieEmbeddings()).isTrue();
            SequenceBatch sb = SequenceBatch.of(List.of(prompt(new int[] {5, 9, 7})), null, 0, 0);
            assertThat(logits(untied.network(), sb)).containsExactly(logits(tied.network(), sb));
        }
    }

    @Test
    void transformersConfigsReadRopeParametersAndComputeRopeInFloat32() throws Exception {
        ModelConfig llama = ModelConfigJson.read(fixture("llama3").resolve("config.json"));
        assertThat(llama.ropeTheta()).isEqualTo(500000.0);
        assertThat(llama.ropeScaling()).isEqualTo(new ModelConfig.RopeScaling(8, 1, 4, 256));
        assertThat(llama.ropeFloat32()).isTrue();
        assertThat(llama.tieEmbeddings()).isFalse();
        assertThat(ModelConfigJson.read(fixture("qwen2").resolve("config.json")).ropeTheta()).isEqualTo(1e6);
        // A checkpoint this library writes from such a model keeps the float32 tables; its presets do not.
        assertThat(ModelConfigJson.parse(ModelConfigJson.toJson(llama)).ropeFloat32()).isTrue();
        assertThat(ModelConfigJson.parse(ModelConfigJson.toJson(ModelConfig.preset("small"))).ropeFloat32())
                .isFalse();
        assertThat(ModelConfigJson.toJson(ModelConfig.preset("small"))).doesNotContain("rope_float32");
    }

    @Test
    void aMissingShardOrAnUnsupportedConfigIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = copy(fixture("qwen2-sharded"), tmp.resolve("sharded"));
        Files.delete(dir.resolve("model-00003-of-00008.safetensors"));
        assertThatThrownBy(() -> DjlPolicy.load(dir, 0, TestDevice.get())).isInstanceOf(IOException.class)
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("model-00003-of-00008.safetensors");
        Path sliding = copy(fixture("qwen2"), tmp.resolve("sliding"));
        Path config = sliding.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"use_sliding_window\": false",
                "\"use_sliding_window\": true"));
        assertThatThrownBy(() -> DjlPolicy.load(sliding, 0, TestDevice.get())).isInstanceOf(IOException.class)
                .hasMessageContaining(config.toString()).hasMessageContaining("use_sliding_window");
        Path yarn = copy(fixture("llama3"), tmp.resolve("yarn"));
        Path yarnConfig = yarn.resolve("config.json");
        Files.writeString(yarnConfig, Files.readString(yarnConfig).replace("\"rope_type\": \"llama3\"",
                "\"rope_type\": \"yarn\""));
        assertThatThrownBy(() -> DjlPolicy.load(yarn, 0, TestDevice.get())).isInstanceOf(IOException.class)
                .hasMessageContaining(yarnConfig.toString()).hasMessageContaining("yarn");
    }

    private static int[] realIds(JsonNode ids, JsonNode mask) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (mask.get(i).asInt() == 1) {
                out.add(ids.get(i).asInt());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A template whose every prompt is fixed ids: the golden prompt, with no chat markup. */
    private record RawIds(Tokenizer tokenizer, int[] ids) implements ChatTemplate {
        @Override
        public int tokensPerImage() {
            return 0;
        }

        @Override
        public EncodedPrompt encodePrompt(Observation observation) {
            return prompt(ids);
        }

        @Override
        public int[] encodeResponse(String text) {
            throw new UnsupportedOperationException();
        }
    }
}
