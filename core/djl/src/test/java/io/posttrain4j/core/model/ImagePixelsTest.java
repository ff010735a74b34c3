package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.image.RgbImage;

class ImagePixelsTest {
    @Test
    void downscalingAveragesTheCoveredPixelsIntoMinusOneToOne() {
        // 4x2 image: left half black, right half white -> 2x1: one black, one white pixel.
        int[] px = {0x000000, 0x000000, 0xFFFFFF, 0xFFFFFF, 0x000000, 0x000000, 0xFFFFFF, 0xFFFFFF};
        float[] out = ImagePixels.of(List.of(RgbImage.of(4, 2, px)), 1, 2);
        assertThat(out).containsExactly(-1f, -1f, -1f, 1f, 1f, 1f);
        // A checkerboard averages to mid grey.
        int[] checker = {0x000000, 0xFFFFFF, 0xFFFFFF, 0x000000};
        float[] grey = ImagePixels.of(List.of(RgbImage.of(2, 2, checker)), 1, 1);
        assertThat(grey[0]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void upscalingRepeatsPixelsAndKeepsChannelsAndImageOrder() {
        RgbImage red = RgbImage.of(1, 1, new int[] {0xFF0000});
        RgbImage blue = RgbImage.of(1, 1, new int[] {0x0000FF});
        float[] out = ImagePixels.of(List.of(red, blue), 2, 2);
        assertThat(out).hasSize(2 * 2 * 2 * 3);
        for (int i = 0; i < 4; i++) {
            assertThat(new float[] {out[i * 3], out[i * 3 + 1], out[i * 3 + 2]}).containsExactly(1f, -1f, -1f);
            assertThat(new float[] {out[12 + i * 3], out[12 + i * 3 + 1], out[12 + i * 3 + 2]})
                    .containsExactly(-1f, -1f, 1f);
        }
    }
}
