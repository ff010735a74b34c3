package io.posttrain4j.core.model;

import static io.posttrain4j.core.model.Parity.JSON;
import static io.posttrain4j.core.model.Parity.assertClose;
import static io.posttrain4j.core.model.Parity.firstIndexOf;
import static io.posttrain4j.core.model.Parity.fixture;
import static io.posttrain4j.core.model.Parity.flat;
import static io.posttrain4j.core.model.Parity.ints;
import static io.posttrain4j.core.model.Parity.logits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.model.tokenizer.SmolVlmChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;

/**
 * SmolVLM with its processor's image splitting ({@code src/test/python/make_smolvlm_split_fixture.py}): from each
 * PNG, the frames (tiles and global image, Lanczos resizes) equal the processor's pixel for pixel, with and without
 * splitting; the chat template lays the tiles out as the processor expands {@code <image>}; the logits of a
 * left-padded batch and greedy tokens equal transformers'.
 */
class SmolVlmSplitParityTest {

    @Test
    void framesPromptsLogitsAndGreedyTokensFromEachImageMatchTransformers() throws Exception {
        Path dir = fixture("smolvlm-split");
        JsonNode golden = JSON.readTree(dir.resolve("goldens.json").toFile());
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            ModelConfig c = policy.config();
            assertThat(c.siglip().images()).isEqualTo(new ModelConfig.SmolVlmImages(128, true));
            int tile = c.imageHeight();
            List<RgbImage> images = new ArrayList<>();
            for (JsonNode l : golden.get("layouts")) {
                RgbImage image = RgbImage.read(dir.resolve(l.get("image").asText()));
                images.add(image);
                SmolVlmFrames layout = SmolVlmFrames.of(image.height(), image.width(), c.siglip().images(), tile);
                assertThat(layout.rows()).as(l.toString()).isEqualTo(l.get("rows").asInt());
                assertThat(layout.cols()).as(l.toString()).isEqualTo(l.get("cols").asInt());
                String stem = l.get("image").asText().replace(".png", "");
                assertSameFrames(SmolVlmFrames.of(image, c.siglip().images(), tile),
                        RgbImage.read(dir.resolve(stem + "-frames.png")), stem + " split");
                assertSameFrames(SmolVlmFrames.of(image, new ModelConfig.SmolVlmImages(128, false), tile),
                        RgbImage.read(dir.resolve(stem + "-whole.png")), stem + " whole");
                assertThat(policy.template().tokensFor(image)).isEqualTo(layout.frames() * c.patchCount());
            }

            // The template expands each image as the processor does (row markers, newlines, the global image).
            assertThat(policy.template()).isInstanceOf(SmolVlmChatTemplate.class);
            List<EncodedPrompt> prompts = new ArrayList<>();
            List<Observation> observations = new ArrayList<>();
            for (JsonNode p : golden.get("prompts")) {
                Observation o = Observation.of(p.get("question").asText(), List.of(images.get(p.get("image").asInt())));
                EncodedPrompt e = policy.template().encodePrompt(o);
                int[] want = ints(p.get("ids"));
                assertThat(e.ids()).as(p.get("expanded").asText()).containsExactly(want);
                assertThat(e.imageStarts()).containsExactly(firstIndexOf(want, golden.get("image_token_id").asInt()));
                prompts.add(e);
                observations.add(o);
            }

            // A left-padded batch of the first two prompts, images encoded from the PNGs.
            JsonNode batch = golden.get("batch");
            SequenceBatch sb = SequenceBatch.of(prompts.subList(0, 2), null,
                    policy.template().tokenizer().special().pad(), policy.template()::tokensFor);
            assertThat(sb.positions).containsExactly(flat(batch.get("positions")));
            float[] logits = logits(policy.network(), sb);
            int v = c.vocabSize();
            for (int r = 0; r < 2; r++) {
                assertClose(logits, (r * sb.columns() + sb.pad[r]) * v, batch.get("logits").get(r).get("data"),
                        "smolvlm split batch row " + r);
            }
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                assertClose(policy.promptLogits(m, observations.get(0)).toFloatArray(), 0,
                        batch.get("logits").get(0).get("data"), "smolvlm split prompt 0 through the policy");
            }

            // Greedy tokens, with the KV cache and without.
            JsonNode g = golden.get("greedy");
            int[] want = ints(g.get("tokens"));
            int eot = policy.template().tokenizer().special().endOfTurn();
            int stop = firstIndexOf(want, eot);
            for (boolean cache : new boolean[] {true, false}) {
                Generation out = Generator.generate(policy.network(), policy.template(),
                        List.of(observations.get(g.get("prompt").asInt())), Sampling.greedy(want.length),
                        new long[] {0}, cache).get(0);
                assertThat(out.tokens()).as("greedy, cache " + cache)
                        .containsExactly(stop < 0 ? want : java.util.Arrays.copyOf(want, stop + 1));
            }
        }
    }

    @Test
    void firstResizeAndTileMultiplesFollowTheProcessorsArithmetic() {
        // 100 wide, 70 high, longest edge 128: width 128, height int(128 / (100 / 70)) = 89, rounded up to even 90
        assertThat(SmolVlmFrames.firstResize(70, 100, 128)).containsExactly(90, 128);
        assertThat(SmolVlmFrames.toTileMultiples(90, 128, 64)).containsExactly(128, 128);
        // a tall image: height 128, width int(128 * 40 / 130) = 39 -> 40; then one column of 64
        assertThat(SmolVlmFrames.firstResize(130, 40, 128)).containsExactly(128, 40);
        assertThat(SmolVlmFrames.toTileMultiples(128, 40, 64)).containsExactly(128, 64);
        // SmolVLM-256M's settings on a 640x480 photo: 2048 x 1536, 4 x 3 tiles of 512 and the global image
        SmolVlmFrames photo = SmolVlmFrames.of(480, 640, new ModelConfig.SmolVlmImages(2048, true), 512);
        assertThat(photo).isEqualTo(new SmolVlmFrames(1536, 2048, 3, 4));
        assertThat(photo.frames()).isEqualTo(13);
        // capped at 4096 on the longest edge
        assertThat(SmolVlmFrames.firstResize(10, 8000, 8192)).containsExactly(5, 4096);
        // a one-tile image: no split, one frame
        assertThat(SmolVlmFrames.of(30, 30, new ModelConfig.SmolVlmImages(64, true), 64))
                .isEqualTo(new SmolVlmFrames(64, 64, 0, 0));
    }

    @Test
    void settingsTheLibraryDoesNotReproduceAreRefusedByName(@TempDir Path tmp) throws Exception {
        Path dir = Parity.copy(fixture("smolvlm-split"), tmp.resolve("m"));
        Path pre = dir.resolve("preprocessor_config.json");
        String good = Files.readString(pre);
        Files.writeString(pre, good.replace("\"resample\": 1", "\"resample\": 3"));
        assertThatThrownBy(() -> ModelConfigJson.read(dir.resolve("config.json")))
                .hasMessageContaining("preprocessor_config.json").hasMessageContaining("resample '3'");
        Files.writeString(pre, good.replace("\"longest_edge\": 64", "\"longest_edge\": 32"));
        assertThatThrownBy(() -> ModelConfigJson.read(dir.resolve("config.json")))
                .hasMessageContaining("max_image_size.longest_edge 32").hasMessageContaining("image_size 64");
        Files.writeString(pre, good.replace("\"do_normalize\": true", "\"do_normalize\": false"));
        assertThatThrownBy(() -> ModelConfigJson.read(dir.resolve("config.json")))
                .hasMessageContaining("do_normalize 'false'");
        Files.writeString(pre, good.replaceAll("\"max_image_size\": \\{[^}]*\\},", ""));
        assertThatThrownBy(() -> ModelConfigJson.read(dir.resolve("config.json")))
                .hasMessageContaining("max_image_size.longest_edge 364"); // the processor's default
        // transformers 5 saves a whole processor's settings in processor_config.json, under "image_processor"
        Files.delete(pre);
        assertThat(ModelConfigJson.read(dir.resolve("config.json")).siglip().images()).isNull();
        Files.writeString(dir.resolve("processor_config.json"), "{\"image_seq_len\": 16, \"image_processor\": "
                + good + "}");
        assertThat(ModelConfigJson.read(dir.resolve("config.json")).siglip().images())
                .isEqualTo(new ModelConfig.SmolVlmImages(128, true));
        Files.writeString(dir.resolve("processor_config.json"), "{\"image_processor\": "
                + good.replace("\"resample\": 1", "\"resample\": 2") + "}");
        assertThatThrownBy(() -> ModelConfigJson.read(dir.resolve("config.json")))
                .hasMessageContaining("processor_config.json").hasMessageContaining("resample '2'");
        Files.delete(dir.resolve("processor_config.json"));
        Files.writeString(pre, good.replace("\"do_image_splitting\": true", "\"do_image_splitting\": false"));
        ModelConfig whole = ModelConfigJson.read(dir.resolve("config.json"));
        assertThat(whole.siglip().images()).isEqualTo(new ModelConfig.SmolVlmImages(128, false));
        // written into this library's own config and read back
        assertThat(ModelConfigJson.parse(ModelConfigJson.toJson(whole))).isEqualTo(whole);
        ModelConfig split = whole.withSiglip(whole.siglip().withImages(new ModelConfig.SmolVlmImages(128, true)));
        assertThat(ModelConfigJson.parse(ModelConfigJson.toJson(split))).isEqualTo(split);
    }

    @Test
    void aTokenizerWithoutRowMarkersCannotLayOutASplitImage() throws Exception {
        Path dir = fixture("smolvlm"); // the tiny tokenizer without <row_r_col_c>
        RgbImage image = RgbImage.read(dir.resolve("image0.png"));
        try (DjlPolicy policy = DjlPolicy.load(dir, 0, TestDevice.get())) {
            assertThat(policy.config().siglip().images()).isNull(); // no preprocessor_config.json
            SmolVlmChatTemplate split = ((SmolVlmChatTemplate) policy.template())
                    .withSplitting(img -> new SmolVlmChatTemplate.Grid(2, 2));
            assertThat(split.tokensFor(image)).isEqualTo(5 * 16);
            assertThatThrownBy(() -> split.encodePrompt(Observation.of("What is in this image?", List.of(image))))
                    .hasMessageContaining("<row_1_col_1>");
        }
    }

    /** {@code got}'s frames stacked vertically equal {@code want} pixel for pixel. */
    private static void assertSameFrames(List<RgbImage> got, RgbImage want, String what) {
        int tile = want.width();
        assertThat(got).as(what).hasSize(want.height() / tile);
        int differing = 0;
        for (int f = 0; f < got.size(); f++) {
            for (int y = 0; y < tile; y++) {
                for (int x = 0; x < tile; x++) {
                    if (got.get(f).rgb(x, y) != want.rgb(x, f * tile + y)) {
                        differing++;
                    }
                }
            }
        }
        assertThat(differing).as(what + ": pixels differing from the processor's").isZero();
    }
}
