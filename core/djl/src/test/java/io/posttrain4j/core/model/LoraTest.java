package io.posttrain4j.core.model;

import static io.posttrain4j.core.model.Parity.copy;
import static io.posttrain4j.core.model.Parity.fixture;
import static io.posttrain4j.core.model.Parity.logits;
import static io.posttrain4j.core.model.Parity.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.model.checkpoint.Safetensors;
import io.posttrain4j.core.model.checkpoint.SafetensorsFile;

/**
 * LoRA adapters against PEFT 0.21: adapters PEFT saved (list and regex targets, rsLoRA) load onto their base and
 * give PEFT's logits; adapters written here round-trip; merging keeps the outputs; the KL reference of an adapter
 * policy is its base, sharing the arrays.
 */
class LoraTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-lora", "llama3-lora-rslora"})
    void peftAdaptersLoadOntoTheirBaseAndMatchPeftsLogits(String name) throws Exception {
        Path adapter = fixture(name);
        // The folder names its base ("../qwen2"): load() finds it; loadAdapter() takes it explicitly.
        try (DjlPolicy p = DjlPolicy.load(adapter, 0, TestDevice.get())) {
            assertThat(p.hasAdapter()).isTrue();
            HfParityTest.assertMatchesGoldens(p, adapter, name);
        }
        Path base = fixture(name.substring(0, name.indexOf("-lora")));
        try (DjlPolicy p = DjlPolicy.loadAdapter(base, adapter, 0, TestDevice.get())) {
            p.mergeAdapter();
            assertThat(p.isAdapterMerged()).isTrue();
            HfParityTest.assertMatchesGoldens(p, adapter, name + " merged");
            assertThatThrownBy(p::parameters).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("unmergeAdapter() before training");
            assertThatThrownBy(p::frozenCopy).isInstanceOf(IllegalStateException.class);
            p.unmergeAdapter();
            HfParityTest.assertMatchesGoldens(p, adapter, name + " unmerged");
        }
    }

    @Test
    void aNewAdapterStartsAtTheBaseTrainsOnlyItselfAndTheValueHeadAndItsReferenceIsTheBase(@TempDir Path tmp)
            throws Exception {
        Path base = fixture("qwen2");
        LoraConfig lora = LoraConfig.parse("r=4,alpha=8,targets=q_proj+v_proj+down_proj");
        try (DjlPolicy p = DjlPolicy.load(base, 3, TestDevice.get(), lora);
                DjlPolicy plain = DjlPolicy.load(base, 3, TestDevice.get())) {
            SequenceBatch sb = SequenceBatch.of(List.of(prompt(new int[] {5, 11, 7, 9})), null, 0, 0);
            assertThat(logits(p.network(), sb)).containsExactly(logits(plain.network(), sb)); // B = 0
            assertThat(p.parameters().keySet()).allMatch(n -> n.contains(".lora_") || n.startsWith("value_head."))
                    .contains("model.layers.1.mlp.down_proj.lora_B.weight",
                            "model.layers.0.self_attn.q_proj.lora_A.weight")
                    .noneMatch(n -> n.contains("k_proj"));
            assertThat(p.parameters().values()).allMatch(NDArray::hasGradient);
            assertThat(p.network().parameters().get("model.embed_tokens.weight").hasGradient()).isFalse();
            assertThat(p.valueHeadParameters()).isNotEmpty().allMatch(n -> p.parameters().containsKey(n));

            // Move the adapter away from zero: the policy now differs from the base, its reference does not.
            setAll(p, 0.05f);
            DjlPolicy reference = p.frozenCopy();
            assertThat(reference.isTrainable()).isFalse();
            assertThat(reference.network().parameters().get("model.embed_tokens.weight"))
                    .isSameAs(p.network().parameters().get("model.embed_tokens.weight"));
            assertThat(logits(reference.network(), sb)).containsExactly(logits(plain.network(), sb));
            assertThat(logits(p.network(), sb)).isNotEqualTo(logits(plain.network(), sb));
            assertThatThrownBy(p::mergeAdapter).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a KL reference shares this policy's base weights");
            reference.save(tmp.resolve("reference"));
            reference.loadWeights(tmp.resolve("reference"));
            reference.close(); // frees nothing: the arrays are p's
            assertThat(logits(p.network(), sb)).isNotEmpty();

            // The adapter folder round-trips (PEFT's names and config) and reloads onto its base by itself.
            p.save(tmp.resolve("adapter"));
            JsonNode config = JSON.readTree(tmp.resolve("adapter/adapter_config.json").toFile());
            assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
            assertThat(config.get("r").asInt()).isEqualTo(4);
            assertThat(config.get("lora_alpha").asDouble()).isEqualTo(8.0);
            assertThat(config.get("base_model_name_or_path").asText()).isEqualTo(base.toAbsolutePath().toString());
            try (SafetensorsFile f = Safetensors.read(tmp.resolve("adapter/adapter_model.safetensors"))) {
                assertThat(f.names()).contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                        "base_model.model.value_head.layers.0.weight");
            }
            try (DjlPolicy back = DjlPolicy.load(tmp.resolve("adapter"), 99, TestDevice.get())) {
                assertThat(logits(back.network(), sb)).containsExactly(logits(p.network(), sb));
                for (Map.Entry<String, NDArray> e : p.parameters().entrySet()) {
                    assertThat(back.parameters().get(e.getKey()).toFloatArray()).as(e.getKey())
                            .containsExactly(e.getValue().toFloatArray());
                }
            }
        }
    }

    /**
     * Writes an adapter with non-zero A and B, and this library's logits for it, to {@code target/peft-companion}:
     * {@code src/test/python/check_peft_companion.py} loads that folder with PEFT onto the same base and compares
     * (run by a developer, offline). Here: the folder reloads to the same logits.
     */
    @Test
    void anAdapterWrittenHereReloadsAndIsLeftForPeftsCheck() throws Exception {
        Path out = Path.of("target/peft-companion");
        io.posttrain4j.core.io.AtomicFiles.deleteRecursively(out);
        LoraConfig lora = LoraConfig.parse("r=4,alpha=12,rslora=true,targets=q_proj+v_proj+up_proj");
        int[][] rows = {{5, 9, 13, 7, 11, 6}, {8, 21, 17}};
        try (DjlPolicy p = DjlPolicy.load(fixture("qwen2"), 0, TestDevice.get(), lora)) {
            try (io.posttrain4j.core.train.NoGrad ignored = io.posttrain4j.core.train.NoGrad.enter()) {
                int k = 0;
                for (Map.Entry<String, NDArray> e : p.parameters().entrySet()) {
                    if (e.getKey().contains(".lora_")) {
                        float[] v = new float[(int) e.getValue().size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) (0.2 * Math.sin(0.37 * i + 1.3 * k));
                        }
                        k++;
                        e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."),
                                p.network().manager.create(v, e.getValue().getShape()));
                    }
                }
            }
            p.save(out.resolve("adapter"));
            SequenceBatch sb = SequenceBatch.of(List.of(prompt(rows[0]), prompt(rows[1])), null, 0, 0);
            float[] logits = logits(p.network(), sb);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("base", fixture("qwen2").toAbsolutePath().toString());
            record.put("rows", rows);
            record.put("logits", logits);
            record.put("vocab", p.config().vocabSize());
            Files.writeString(out.resolve("logits.json"), JSON.writeValueAsString(record));
            try (DjlPolicy back = DjlPolicy.load(out.resolve("adapter"), 0, TestDevice.get())) {
                assertThat(logits(back.network(), sb)).containsExactly(logits);
            }
        }
    }

    @Test
    void adaptersThatDoNotFitAreRefusedNamingTheFileAndTheKey(@TempDir Path tmp) throws Exception {
        Path base = fixture("qwen2");
        assertThatThrownBy(() -> DjlPolicy.load(base, 0, TestDevice.get(), LoraConfig.parse("targets=c_attn")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[c_attn] match no module");

        Path stray = copy(fixture("qwen2-lora"), tmp.resolve("stray"));
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = Safetensors.read(stray.resolve("adapter_model.safetensors"))) {
            for (String k : f.names()) {
                tensors.put(k.replace("layers.1.self_attn.o_proj", "layers.1.self_attn.c_proj"), f.read(k));
            }
        }
        Safetensors.write(stray.resolve("adapter_model.safetensors"), tensors, Map.of());
        assertThatThrownBy(() -> DjlPolicy.loadAdapter(base, stray, 0, TestDevice.get()))
                .isInstanceOf(IOException.class).hasMessageContaining("adapter_model.safetensors")
                .hasMessageContaining("base_model.model.model.layers.1.self_attn.c_proj.lora_A.weight")
                .hasMessageContaining("matches no adapter array");

        Path vision = copy(fixture("qwen2-lora"), tmp.resolve("vision"));
        Map<String, FloatTensor> visionTensors = new LinkedHashMap<>();
        try (SafetensorsFile f = Safetensors.read(vision.resolve("adapter_model.safetensors"))) {
            for (String k : f.names()) {
                visionTensors.put(k, f.read(k));
            }
        }
        visionTensors.put("base_model.model.model.vision_model.encoder.layers.0.self_attn.q_proj.lora_A.weight",
                new FloatTensor(new long[] {4, 8}, new float[32]));
        Safetensors.write(vision.resolve("adapter_model.safetensors"), visionTensors, Map.of());
        assertThatThrownBy(() -> DjlPolicy.loadAdapter(base, vision, 0, TestDevice.get()))
                .isInstanceOf(IOException.class).hasMessageContaining("adapts the vision encoder");

        try (DjlPolicy adapted = DjlPolicy.load(base, 0, TestDevice.get(), LoraConfig.parse("r=4,alpha=8"));
                DjlPolicy plain = DjlPolicy.load(base, 0, TestDevice.get())) {
            Path saved = tmp.resolve("saved-adapter");
            adapted.save(saved);
            assertThatThrownBy(() -> plain.loadWeights(saved)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("this policy has no adapter");
            try (DjlPolicy other = DjlPolicy.load(base, 0, TestDevice.get(), LoraConfig.parse("r=4,alpha=16"))) {
                assertThatThrownBy(() -> other.loadWeights(saved)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("alpha=8.0").hasMessageContaining("alpha=16.0");
            }
        }

        Path dora = copy(fixture("qwen2-lora"), tmp.resolve("dora"));
        Path config = dora.resolve("adapter_config.json");
        Files.writeString(config, Files.readString(config).replace("\"use_dora\": false", "\"use_dora\": true"));
        assertThatThrownBy(() -> DjlPolicy.load(dora, 0, TestDevice.get())).isInstanceOf(IOException.class)
                .hasMessageContaining(config.toString()).hasMessageContaining("use_dora");

        Path nowhere = copy(fixture("qwen2-lora"), tmp.resolve("nowhere"));
        Path c2 = nowhere.resolve("adapter_config.json");
        Files.writeString(c2, Files.readString(c2).replace("\"../qwen2\"", "\"Qwen/Qwen2-0.5B\""));
        assertThatThrownBy(() -> DjlPolicy.load(nowhere, 0, TestDevice.get())).isInstanceOf(IOException.class)
                .hasMessageContaining("Qwen/Qwen2-0.5B");
    }

    @Test
    void dropoutActsOnPassesWithGradientsOnlyAndRepeatsFromTheStepSeed(@TempDir Path tmp) throws Exception {
        Path base = fixture("qwen2");
        String targets = "r=4,alpha=8,targets=q_proj+v_proj+down_proj";
        try (DjlPolicy p = DjlPolicy.load(base, 3, TestDevice.get(), LoraConfig.parse(targets + ",dropout=0.5"));
                DjlPolicy none = DjlPolicy.load(base, 3, TestDevice.get(), LoraConfig.parse(targets))) {
            setAll(p, 0.05f);
            setAll(none, 0.05f);
            List<io.posttrain4j.core.env.Observation> prompts = List.of(io.posttrain4j.core.env.Observation.of(
                    "hello world"), io.posttrain4j.core.env.Observation.of("world"));
            List<int[]> answers = List.of(new int[] {5, 6, 7}, new int[] {6, 5});
            // without gradients (evaluation, rollouts, scoring), or outside a training step (PPO): no dropout
            float[] plain = logProbs(none, prompts, answers, false);
            assertThat(logProbs(p, prompts, answers, false)).containsExactly(plain);
            assertThat(logProbs(p, prompts, answers, true)).containsExactly(plain);
            float[] first;
            float[] second;
            try (var step = p.trainingStep(7, 3)) {
                first = logProbs(p, prompts, answers, true);
                second = logProbs(p, prompts, answers, true); // the step's next masks
                assertThat(logProbs(p, prompts, answers, false)).containsExactly(plain);
            }
            assertThat(first).isNotEqualTo(plain);
            assertThat(second).isNotEqualTo(first);
            try (var step = p.trainingStep(7, 3)) {
                assertThat(logProbs(p, prompts, answers, true)).containsExactly(first); // a resumed step repeats
            }
            try (var step = p.trainingStep(7, 4)) {
                float[] next = logProbs(p, prompts, answers, true);
                assertThat(next).isNotEqualTo(first).isNotEqualTo(second); // no mask of step 3 comes back
            }
            try (var step = p.trainingStep(8, 3)) {
                assertThat(logProbs(p, prompts, answers, true)).isNotEqualTo(first);
            }
            assertThat(logProbs(p, prompts, answers, true)).containsExactly(plain);
            try (var step = none.trainingStep(7, 3)) {
                assertThat(logProbs(none, prompts, answers, true)).containsExactly(plain);
            }

            p.save(tmp.resolve("adapter"));
            assertThat(JSON.readTree(tmp.resolve("adapter/adapter_config.json").toFile()).get("lora_dropout")
                    .asDouble()).isEqualTo(0.5);
            assertThatThrownBy(() -> none.checkWeights(tmp.resolve("adapter"))).hasMessageContaining("dropout=0.5")
                    .hasMessageContaining("dropout=0.0");
        }
    }

    private static float[] logProbs(DjlPolicy p, List<io.posttrain4j.core.env.Observation> prompts, List<int[]> answers,
            boolean gradients) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            if (!gradients) {
                try (io.posttrain4j.core.train.NoGrad ignored = io.posttrain4j.core.train.NoGrad.enter()) {
                    return p.score(m, prompts, answers, io.posttrain4j.core.train.ScoreOptions.likelihood()).logProbs()
                            .toFloatArray();
                }
            }
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                return p.score(m, prompts, answers, io.posttrain4j.core.train.ScoreOptions.likelihood()).logProbs()
                        .toFloatArray();
            }
        }
    }

    @Test
    void theCommandLineFormParsesAndRefusesWhatItCannotDo() {
        LoraConfig c = LoraConfig.parse("r=16,alpha=32,rslora=true,targets=q_proj+o_proj");
        assertThat(c.scale()).isEqualTo(32 / 4.0);
        assertThat(c.targets("model.layers.3.self_attn.o_proj")).isTrue();
        assertThat(c.targets("model.layers.3.self_attn.k_proj")).isFalse();
        assertThat(LoraConfig.parse(c.spec())).isEqualTo(c);
        assertThat(LoraConfig.parse("")).isEqualTo(LoraConfig.of(8));
        assertThat(LoraConfig.of(8).scale()).isEqualTo(2.0);
        LoraConfig regex = LoraConfig.parse("r=2,targets=regex:.*\\.mlp\\..*");
        assertThat(regex.targets("model.layers.0.mlp.up_proj")).isTrue();
        assertThat(regex.targets("model.layers.0.self_attn.q_proj")).isFalse();
        assertThatThrownBy(() -> LoraConfig.parse("rank=4")).hasMessageContaining("unknown LoRA setting 'rank'");
        assertThatThrownBy(() -> LoraConfig.parse("r=0")).hasMessageContaining("rank r must be >= 1, got 0");
        assertThat(LoraConfig.parse("dropout=0.1").dropout()).isEqualTo(0.1);
        assertThat(LoraConfig.parse(LoraConfig.parse("r=2,dropout=0.05").spec()).dropout()).isEqualTo(0.05);
        assertThatThrownBy(() -> LoraConfig.parse("dropout=1")).hasMessageContaining("dropout must be in [0, 1), got 1");
        assertThatThrownBy(() -> LoraConfig.parse("r=x")).hasMessageContaining("must be an integer, got 'x'");
        assertThatThrownBy(() -> LoraConfig.parse("targets=regex:(")).hasMessageContaining("not a valid regular");
    }

    private static void setAll(DjlPolicy p, float value) {
        try (io.posttrain4j.core.train.NoGrad ignored = io.posttrain4j.core.train.NoGrad.enter()) {
            for (Map.Entry<String, NDArray> e : p.parameters().entrySet()) {
                if (e.getKey().contains("lora_B")) {
                    e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."), value);
                }
            }
        }
    }

}
