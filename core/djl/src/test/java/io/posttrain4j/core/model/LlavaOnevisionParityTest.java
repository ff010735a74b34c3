package io.posttrain4j.core.model;

import static io.posttrain4j.core.model.Parity.JSON;
import static io.posttrain4j.core.model.Parity.assertClose;
import static io.posttrain4j.core.model.Parity.copy;
import static io.posttrain4j.core.model.Parity.firstIndexOf;
import static io.posttrain4j.core.model.Parity.fixture;
import static io.posttrain4j.core.model.Parity.ints;
import static io.posttrain4j.core.model.Parity.logits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDScope;
import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.ChatMlTemplate;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.NoGrad;

/**
 * Parity with transformers 5.17 for a tiny LLaVA-OneVision-Qwen2 checkpoint
 * ({@code src/test/python/make_llava_onevision_fixture.py}, the math in the fixture's SPEC.md), in the layout
 * 5.17's save_pretrained writes and in the 4.x hub layout: square images at the encoder's size (base image and
 * one tile, a newline after each tile row), the batch logits of two image prompts, greedy tokens, and the chat
 * template's {@code <image>\n} layout.
 */
class LlavaOnevisionParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"llava-onevision", "llava-onevision-4x"})
    void imagesPromptsLogitsAndGreedyTokensMatchTransformers(String name) throws Exception {
        Path dir = fixture(name);
        Path goldenDir = fixture("llava-onevision");
        JsonNode golden = JSON.readTree(goldenDir.resolve("goldens.json").toFile());
        List<RgbImage> images = new ArrayList<>();
        for (JsonNode image : golden.get("images")) {
            images.add(RgbImage.read(goldenDir.resolve(image.asText())));
        }
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            Network net = policy.network();
            ModelConfig c = policy.config();
            assertThat(c.patchCount()).isEqualTo(36);
            int h = c.imageHeight();
            int w = c.imageWidth();

            // Pixels: both crops (base, tile) of a square image at the encoder's size are the image itself.
            float[] pixels = ImagePixels.of(images, h, w); // (N, H, W, 3)
            JsonNode px = golden.get("pixel_values").get("data");
            for (int n = 0; n < images.size(); n++) {
                for (int crop = 0; crop < 2; crop++) {
                    for (int ch = 0; ch < 3; ch++) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                double want = px.get((((n * 2 + crop) * 3 + ch) * h + y) * w + x).asDouble();
                                assertThat((double) pixels[((n * h + y) * w + x) * 3 + ch]).isCloseTo(want,
                                        within(1e-6));
                            }
                        }
                    }
                }
            }

            float[] features;
            try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
                features = net.vision.encode(Tensors.owned(net.manager, pixels, images.size(), h, w, 3))
                        .toFloatArray();
            }
            assertClose(features, 0, golden.get("image_features").get("data"), name + " image features");

            int imageToken = golden.get("image_token_id").asInt();
            List<EncodedPrompt> prompts = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int[] ids = ints(golden.get("prompts").get(r).get("ids"));
                prompts.add(new EncodedPrompt(ids, List.of(images.get(r)), new int[] {firstIndexOf(ids, imageToken)}));
            }
            SequenceBatch sb = SequenceBatch.of(prompts, null, policy.template().tokenizer().special().pad(),
                    c.patchCount());
            float[] logits = logits(net, sb);
            int t = sb.columns();
            for (int r = 0; r < 2; r++) {
                assertClose(logits, (r * t + sb.pad[r]) * c.vocabSize(),
                        golden.get("batch").get("logits").get(r).get("data"), name + " batch row " + r);
            }

            for (JsonNode g : golden.get("greedy")) {
                EncodedPrompt prompt = prompts.get(g.get("prompt").asInt());
                int[] want = ints(g.get("tokens"));
                int eot = policy.template().tokenizer().special().endOfTurn();
                int stop = firstIndexOf(want, eot);
                for (boolean cache : new boolean[] {true, false}) {
                    Generation out = Generator.generate(net, policy.template().tokenizer(), c.patchCount(),
                            List.of(prompt), Sampling.greedy(want.length), new long[] {0}, cache).get(0);
                    assertThat(out.tokens()).as(name + " greedy, cache " + cache)
                            .containsExactly(stop < 0 ? want : java.util.Arrays.copyOf(want, stop + 1));
                }
            }

            if (!Files.exists(dir.resolve("chat_template.jinja"))) {
                return; // the 4.x folder carries no chat template
            }
            // The chat template renders '<image>\n' per image, as the processor expands it.
            assertThat(policy.template()).isInstanceOf(ChatMlTemplate.class);
            EncodedPrompt first = policy.template().encodePrompt(
                    Observation.of("What is in this picture?", List.of(images.get(0))));
            assertThat(first.ids()).containsExactly(prompts.get(0).ids());
            assertThat(first.imageStarts()).containsExactly(prompts.get(0).imageStarts());
            EncodedPrompt second = policy.template().encodePrompt(new Observation(List.of(
                    Message.system("You are a helpful assistant."),
                    Message.user("Is there a cat?", List.of(images.get(1))))));
            assertThat(second.ids()).containsExactly(prompts.get(1).ids());
        }
    }

    /**
     * An image side that is not a multiple of the patch (36 at patch 8, as 384 at 14 in the real models): the
     * strided Conv2d reads only the top-left 32x32 pixels, and so does this library.
     */
    @Test
    void theEncoderDropsThePixelsPastTheLastWholePatch(@TempDir Path tmp) throws Exception {
        Path crop = fixture("llava-onevision-crop");
        Path dir = withConfigOf(crop, tmp);
        JsonNode golden = JSON.readTree(crop.resolve("goldens.json").toFile());
        RgbImage image = RgbImage.read(crop.resolve("image.png"));
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            Network net = policy.network();
            ModelConfig c = policy.config();
            assertThat(c.imageHeight()).isEqualTo(36);
            assertThat(c.patchCount()).isEqualTo(36);
            float[] features;
            try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
                features = net.vision.encode(Tensors.owned(net.manager, ImagePixels.of(List.of(image), 36, 36), 1,
                        36, 36, 3)).toFloatArray();
            }
            assertClose(features, 0, golden.get("image_features").get("data"), "36-pixel image features");
            int[] ids = ints(golden.get("prompts").get(0).get("ids"));
            EncodedPrompt prompt = new EncodedPrompt(ids, List.of(image),
                    new int[] {firstIndexOf(ids, golden.get("image_token_id").asInt())});
            assertThat(policy.template().encodePrompt(Observation.of("What is in this picture?", List.of(image)))
                    .ids()).containsExactly(ids);
            SequenceBatch sb = SequenceBatch.of(List.of(prompt), null, 0, c.patchCount());
            assertClose(logits(net, sb), 0, golden.get("logits").get("data"), "36-pixel image logits");
        }
    }

    /**
     * A 16x64 image on the pinpoints [[32,32],[32,64],[64,32],[64,64]]: canvas 32x64, two tiles after the base,
     * the features' padded rows dropped (16 base + 2 rows x (8 + 1) = 34 tokens), as transformers packs them.
     */
    @Test
    void aWideImageIsTiledUnpaddedAndPackedAsTransformersDoes() throws Exception {
        Path dir = fixture("llava-onevision");
        JsonNode wide = JSON.readTree(dir.resolve("goldens.json").toFile()).get("wide");
        RgbImage image = RgbImage.read(dir.resolve(wide.get("image").asText()));
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            Network net = policy.network();
            ModelConfig c = policy.config();
            AnyresLayout layout = c.anyresLayout(image.height(), image.width());
            assertThat(List.of(layout.canvasHeight(), layout.canvasWidth())).containsExactly(
                    wide.get("best_resolution").get(0).asInt(), wide.get("best_resolution").get(1).asInt());
            assertThat(List.of(layout.gridRows(), layout.gridCols())).containsExactly(
                    wide.get("grid").get(0).asInt(), wide.get("grid").get(1).asInt());
            assertThat(layout.tokens()).isEqualTo(wide.get("layout").size()).isEqualTo(34);

            // The tiles equal the processor's: the base tile resampled by Pillow's bicubic filter, the grid tiles
            // cut from the padded canvas.
            int s = c.imageHeight();
            JsonNode px = wide.get("pixel_values").get("data"); // (1, 3 crops, 3, S, S), channels first
            List<float[]> crops = AnyresCrops.of(image, layout, s);
            assertThat(crops).hasSize(3);
            float[] nhwc = new float[3 * s * s * 3];
            for (int crop = 0; crop < 3; crop++) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int y = 0; y < s; y++) {
                        for (int x = 0; x < s; x++) {
                            float want = (float) px.get(((crop * 3 + ch) * s + y) * s + x).asDouble();
                            nhwc[((crop * s + y) * s + x) * 3 + ch] = want;
                            assertThat(crops.get(crop)[(y * s + x) * 3 + ch]).as("tile %d", crop)
                                    .isCloseTo(want, within(1e-6f));
                        }
                    }
                }
            }

            // From the processor's pixels: the packed features and the logits of the prompt.
            int[] ids = ints(wide.get("prompt").get("ids"));
            int imageToken = JSON.readTree(dir.resolve("goldens.json").toFile()).get("image_token_id").asInt();
            EncodedPrompt prompt = new EncodedPrompt(ids, List.of(image), new int[] {firstIndexOf(ids, imageToken)});
            SequenceBatch sb = SequenceBatch.of(List.of(prompt), null, 0,
                    img -> c.anyresLayout(img.height(), img.width()).tokens());
            float[] features;
            float[] logits;
            try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
                ai.djl.ndarray.NDArray f = ((SiglipTower) net.vision).encodeCrops(
                        Tensors.owned(net.manager, nhwc, 3, s, s, 3), List.of(layout)); // (34, C)
                features = f.toFloatArray();
                ai.djl.ndarray.NDArray x = Network.mergeImages(net.embed(Tensors.owned(net.manager, sb.ids, 1,
                        sb.columns())), f, Tensors.owned(net.manager, sb.imageGather, 1, sb.columns()));
                logits = net.logits(net.decode(x, Forward.positions(sb, net.manager),
                        Forward.fullBias(sb, net.manager), null)).toFloatArray();
            }
            assertClose(features, 0, wide.get("image_features").get("data"), "wide image features");
            assertClose(logits, 0, wide.get("logits").get("data"), "wide image logits");

            // The chat template expands the image to its 34 placeholders, as the processor does.
            assertThat(policy.template().encodePrompt(Observation.of("What is in this picture?", List.of(image)))
                    .ids()).containsExactly(ids);
            // Through the policy, from the PNG: the processor's logits.
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                float[] through = policy.promptLogits(m, Observation.of("What is in this picture?", List.of(image)))
                        .toFloatArray();
                assertClose(through, 0, wide.get("logits").get("data"), "wide image logits from the PNG");
            }
        }
    }

    /**
     * anyres_max_1 ({@code make_llava_onevision_anyres_fixture.py}): grids larger than one tile's features are
     * resized bilinearly, as transformers' pack_image_features does; a tall image keeps its unpadded grid. From each
     * PNG: the tiles, the token count, the template's ids, the features and the logits.
     */
    @Test
    void gridsLargerThanAnyresMaxAreResizedAsTransformersDoes(@TempDir Path tmp) throws Exception {
        Path anyres = fixture("llava-onevision-anyres");
        Path dir = withConfigOf(anyres, tmp);
        JsonNode golden = JSON.readTree(anyres.resolve("goldens.json").toFile());
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            Network net = policy.network();
            ModelConfig c = policy.config();
            assertThat(c.siglip().anyresMax()).isEqualTo(1);
            int s = c.imageHeight();
            List<Boolean> interpolated = new ArrayList<>();
            for (JsonNode g : golden.get("images")) {
                String name = g.get("image").asText();
                RgbImage image = RgbImage.read(anyres.resolve(name));
                AnyresLayout layout = c.anyresLayout(image.height(), image.width());
                interpolated.add(layout.interpolated());
                assertThat(layout.tokens()).as(name).isEqualTo(g.get("tokens").asInt());
                List<float[]> crops = AnyresCrops.of(image, layout, s);
                JsonNode px = g.get("pixel_values").get("data"); // (crops, 3, S, S)
                assertThat(crops).as(name).hasSize(g.get("pixel_values").get("shape").get(0).asInt());
                float[] nhwc = new float[crops.size() * s * s * 3];
                for (int k = 0; k < crops.size(); k++) {
                    for (int ch = 0; ch < 3; ch++) {
                        for (int i = 0; i < s * s; i++) {
                            float want = (float) px.get((k * 3 + ch) * s * s + i).asDouble();
                            assertThat(crops.get(k)[i * 3 + ch]).as("%s tile %d", name, k).isCloseTo(want,
                                    within(1e-6f));
                            nhwc[(k * s * s + i) * 3 + ch] = want;
                        }
                    }
                }
                float[] features;
                try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
                    features = ((SiglipTower) net.vision).encodeCrops(Tensors.owned(net.manager, nhwc, crops.size(),
                            s, s, 3), List.of(layout)).toFloatArray();
                }
                assertClose(features, 0, g.get("image_features").get("data"), name + " features");
                Observation obs = Observation.of("What is in this picture?", List.of(image));
                assertThat(policy.template().encodePrompt(obs).ids()).as(name)
                        .containsExactly(ints(g.get("prompt").get("ids")));
                try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                    assertClose(policy.promptLogits(m, obs).toFloatArray(), 0, g.get("logits").get("data"),
                            name + " logits from the PNG");
                }
            }
            assertThat(interpolated).containsExactly(true, false, true);
        }
    }

    @Test
    void pinpointsThatAreNotWholeTilesAreRefused(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("config.json");
        Files.writeString(config, Files.readString(fixture("llava-onevision").resolve("config.json"))
                .replace("[\n    [\n      32,\n      32\n    ],", "[\n    [\n      32,\n      48\n    ],"));
        assertThatThrownBy(() -> ModelConfigJson.read(config)).hasMessageContaining("image_grid_pinpoints entry [32,48]")
                .hasMessageContaining("multiples of the encoder's image size 32");
    }

    /** The first fixture's weights and tokenizer with the config.json of {@code other} (same weights, other shape). */
    private static Path withConfigOf(Path other, Path tmp) throws Exception {
        Path dir = copy(fixture("llava-onevision"), tmp.resolve("model"));
        Files.copy(other.resolve("config.json"), dir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }
}
