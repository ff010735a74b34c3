package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.image.RgbImage;

/** Pillow 12's bicubic and Lanczos resizes ({@code src/test/python/make_pil_resize_fixture.py}), reproduced bit for bit. */
class PilResizeTest {
    @Test
    void everyCaseEqualsPillowsOutputExactly() throws Exception {
        Path dir = Path.of(Objects.requireNonNull(PilResizeTest.class.getResource("pil-resize/cases.json")).toURI())
                .getParent();
        JsonNode cases = new ObjectMapper().readTree(dir.resolve("cases.json").toFile()).get("cases");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(17);
        for (JsonNode c : cases) {
            RgbImage source = RgbImage.read(dir.resolve(c.get("source").asText()));
            RgbImage want = RgbImage.read(dir.resolve(c.get("resized").asText()));
            PilResize.Filter filter = PilResize.Filter.valueOf(c.get("filter").asText().toUpperCase(java.util.Locale.ROOT));
            RgbImage got = PilResize.resize(source, c.get("width").asInt(), c.get("height").asInt(), filter);
            assertThat(got.width()).isEqualTo(want.width());
            assertThat(got.height()).isEqualTo(want.height());
            int differing = 0;
            for (int y = 0; y < want.height(); y++) {
                for (int x = 0; x < want.width(); x++) {
                    if (got.rgb(x, y) != want.rgb(x, y)) {
                        differing++;
                    }
                }
            }
            assertThat(differing).as(filter + " " + c.get("source").asText() + " -> " + c.get("width") + "x" + c.get("height"))
                    .isZero();
        }
    }

    @Test
    void theSameSizeIsTheImageItselfAndAnEmptySizeIsRefused() {
        RgbImage img = RgbImage.of(2, 1, new int[] {0x102030, 0x405060});
        assertThat(PilResize.resize(img, 2, 1, PilResize.Filter.LANCZOS)).isSameAs(img);
        assertThatThrownBy(() -> PilResize.resize(img, 0, 3, PilResize.Filter.BICUBIC))
                .hasMessageContaining("positive size, got 0x3");
        assertThat(PilResize.cubic(0)).isEqualTo(1.0);
        assertThat(PilResize.cubic(2)).isZero();
        assertThat(PilResize.lanczos(0)).isEqualTo(1.0);
        assertThat(PilResize.lanczos(3)).isZero();
        assertThat(PilResize.lanczos(-3)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-15));
    }
}
