package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.image.RgbImage;

/** Pillow 12's bicubic resizes ({@code src/test/python/make_pil_bicubic_fixture.py}), reproduced bit for bit. */
class PilBicubicTest {
    @Test
    void everyCaseEqualsPillowsOutputExactly() throws Exception {
        Path dir = Path.of(Objects.requireNonNull(PilBicubicTest.class.getResource("pil-bicubic/cases.json")).toURI())
                .getParent();
        JsonNode cases = new ObjectMapper().readTree(dir.resolve("cases.json").toFile()).get("cases");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode c : cases) {
            RgbImage source = RgbImage.read(dir.resolve(c.get("source").asText()));
            RgbImage want = RgbImage.read(dir.resolve(c.get("resized").asText()));
            RgbImage got = PilBicubic.resize(source, c.get("width").asInt(), c.get("height").asInt());
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
            assertThat(differing).as(c.get("source").asText() + " -> " + c.get("width") + "x" + c.get("height"))
                    .isZero();
        }
    }

    @Test
    void theSameSizeIsTheImageItselfAndAnEmptySizeIsRefused() {
        RgbImage img = RgbImage.of(2, 1, new int[] {0x102030, 0x405060});
        assertThat(PilBicubic.resize(img, 2, 1)).isSameAs(img);
        assertThatThrownBy(() -> PilBicubic.resize(img, 0, 3)).hasMessageContaining("positive size, got 0x3");
        assertThat(PilBicubic.cubic(0)).isEqualTo(1.0);
        assertThat(PilBicubic.cubic(2)).isZero();
    }
}
