package io.posttrain4j.core.model;

import static io.posttrain4j.core.model.Parity.JSON;
import static io.posttrain4j.core.model.Parity.assertClose;
import static io.posttrain4j.core.model.Parity.firstIndexOf;
import static io.posttrain4j.core.model.Parity.fixture;
import static io.posttrain4j.core.model.Parity.flat;
import static io.posttrain4j.core.model.Parity.ints;
import static io.posttrain4j.core.model.Parity.logits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDScope;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.model.tokenizer.SmolVlmChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.NoGrad;

/**
 * Parity with transformers 5.17 for a tiny SmolVLM (Idefics3) checkpoint saved by {@code save_pretrained}
 * ({@code src/test/python/make_smolvlm_fixture.py}): pixels, the SigLIP encoder and pixel-shuffle connector, the
 * logits of a left-padded batch of image prompts, greedy tokens, and the chat template's image-token layout.
 */
class SmolVlmParityTest {

    @Test
    void imagesPromptsLogitsAndGreedyTokensMatchTransformers() throws Exception {
        Path dir = fixture("smolvlm");
        JsonNode golden = JSON.readTree(dir.resolve("goldens.json").toFile());
        List<RgbImage> images = new ArrayList<>();
        for (JsonNode name : golden.get("images")) {
            images.add(RgbImage.read(dir.resolve(name.asText())));
        }
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            Network net = policy.network();
            ModelConfig c = policy.config();
            assertThat(c.patchCount()).isEqualTo(golden.get("image_seq_len").asInt());
            assertThat(PolicyCheckpoint.tensorNames(dir)).hasSize(58);

            // Pixels: the PNGs at the model's size, scaled to [-1, 1]; transformers' layout is (N, 3, H, W).
            float[] pixels = ImagePixels.of(images, c.imageHeight(), c.imageWidth()); // (N, H, W, 3)
            JsonNode px = golden.get("pixel_values").get("data");
            int h = c.imageHeight();
            int w = c.imageWidth();
            for (int n = 0; n < images.size(); n++) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            double want = px.get(((n * 3 + ch) * h + y) * w + x).asDouble();
                            assertThat((double) pixels[((n * h + y) * w + x) * 3 + ch]).isCloseTo(want, within(1e-6));
                        }
                    }
                }
            }

            // The encoder and connector: (N, 16, 64) image features.
            float[] features;
            try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
                features = net.vision.encode(Tensors.owned(net.manager, pixels, images.size(), h, w, 3))
                        .toFloatArray();
            }
            assertClose(features, 0, golden.get("connector").get("data"), "smolvlm connector output");

            // A left-padded batch of the two image prompts.
            List<EncodedPrompt> prompts = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int[] ids = ints(golden.get("prompts").get(r).get("ids"));
                prompts.add(new EncodedPrompt(ids, List.of(images.get(r)),
                        new int[] {firstIndexOf(ids, golden.get("image_token_id").asInt())}));
            }
            SequenceBatch sb = SequenceBatch.of(prompts, null, policy.template().tokenizer().special().pad(),
                    c.patchCount());
            assertThat(sb.positions).containsExactly(flat(golden.get("batch").get("positions")));
            float[] logits = logits(net, sb);
            int v = c.vocabSize();
            int t = sb.columns();
            for (int r = 0; r < 2; r++) {
                JsonNode want = golden.get("batch").get("logits").get(r).get("data");
                assertClose(logits, (r * t + sb.pad[r]) * v, want, "smolvlm batch row " + r);
            }

            // Greedy tokens with the KV cache and without.
            for (JsonNode g : golden.get("greedy")) {
                EncodedPrompt prompt = prompts.get(g.get("prompt").asInt());
                for (boolean cache : new boolean[] {true, false}) {
                    Generation out = Generator.generate(net, policy.template().tokenizer(), c.patchCount(),
                            List.of(prompt), Sampling.greedy(g.get("tokens").size()), new long[] {0}, cache)
                            .get(0);
                    int[] want = ints(g.get("tokens"));
                    int eot = policy.template().tokenizer().special().endOfTurn();
                    int stop = firstIndexOf(want, eot);
                    assertThat(out.tokens()).as("greedy, cache " + cache)
                            .containsExactly(stop < 0 ? want : java.util.Arrays.copyOf(want, stop + 1));
                }
            }

            // The folder's chat template lays out an image message as SmolVLM's processor does.
            assertThat(policy.template()).isInstanceOf(SmolVlmChatTemplate.class);
            EncodedPrompt rendered = policy.template().encodePrompt(
                    Observation.of("What is in this image?", List.of(images.get(0))));
            assertThat(rendered.ids()).containsExactly(ints(golden.get("prompts").get(0).get("ids")));
            assertThat(rendered.imageStarts()).containsExactly(prompts.get(0).imageStarts());
        }
    }

    @Test
    void anAdapterOnSmolVlmUsesTheHuggingFaceNamesAndStartsAtTheBase(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path dir = fixture("smolvlm");
        RgbImage image = RgbImage.read(dir.resolve("image0.png"));
        Observation o = Observation.of("What is in this image?", List.of(image));
        try (DjlPolicy base = DjlPolicy.load(dir, 0, TestDevice.get());
                DjlPolicy adapted = DjlPolicy.load(dir, 0, TestDevice.get(),
                        LoraConfig.parse("r=2,targets=regex:model\\.text_model\\.layers\\.1\\..*q_proj"))) {
            assertThat(adapted.parameters().keySet()).contains("model.layers.1.self_attn.q_proj.lora_A.weight")
                    .noneMatch(n -> n.startsWith("model.layers.0."));
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                assertThat(adapted.promptLogits(m, o).toFloatArray()).containsExactly(base.promptLogits(m, o)
                        .toFloatArray());
            }
            adapted.save(tmp.resolve("adapter"));
            try (io.posttrain4j.core.model.checkpoint.SafetensorsFile f = io.posttrain4j.core.model.checkpoint
                    .Safetensors.read(tmp.resolve("adapter/adapter_model.safetensors"))) {
                assertThat(f.names()).contains(
                        "base_model.model.model.text_model.layers.1.self_attn.q_proj.lora_A.weight");
            }
            try (DjlPolicy back = DjlPolicy.load(tmp.resolve("adapter"), 0, TestDevice.get())) {
                assertThat(back.hasAdapter()).isTrue();
            }
        }
    }

    @Test
    void patchPositionIdsAreTheIdentityOnlyWhereTransformersWasCheckedToGiveIt() {
        for (int side : new int[] {8, 16, 24, 26, 27, 32, 48, 64}) { // checked against transformers: the identity
            long[] ids = SiglipTower.positionIds(side);
            for (int i = 0; i < ids.length; i++) {
                assertThat(ids[i]).as("side " + side + " patch " + i).isEqualTo(i);
            }
        }
        // At side 19 transformers gives column 12 the position of column 11: refused rather than computed wrong.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SiglipTower.positionIds(19))
                .hasMessageContaining("side 19 is not supported");
    }

}
