package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.model.ModelConfig.Pinpoint;

class AnyresLayoutTest {
    /** llava-onevision-qwen2-0.5b-ov-hf: 384-pixel tiles of 14-pixel patches, pinpoints 384 x {1..6} squared. */
    private static final List<Pinpoint> REAL = new ArrayList<>();

    static {
        for (int h = 1; h <= 6; h++) {
            for (int w = 1; w <= 6; w++) {
                REAL.add(new Pinpoint(384 * h, 384 * w));
            }
        }
    }

    private static AnyresLayout real(int height, int width) {
        return AnyresLayout.of(height, width, 384, 14, REAL, 9);
    }

    @Test
    void tokenCountsOfTheRealModelMatchTheProcessorsFormula() {
        // transformers' LlavaOnevisionProcessor: 1485 / 6551 / 7371 image tokens for these sizes
        assertThat(real(384, 384).tokens()).isEqualTo(1485);
        AnyresLayout photo = real(899, 1024);
        assertThat(photo.tokens()).isEqualTo(6551);
        assertThat(List.of(photo.canvasHeight(), photo.canvasWidth(), photo.gridRows(), photo.gridCols()))
                .containsExactly(1152, 1152, 3, 3);
        assertThat(List.of(photo.rowStart(), photo.rowEnd(), photo.colStart(), photo.colEnd()))
                .containsExactly(5, 76, 0, 81); // 71 of 81 feature rows saw the image
        AnyresLayout big = real(2304, 2304);
        assertThat(big.interpolated()).isTrue();
        assertThat(List.of(big.outRows(), big.outCols())).containsExactly(81, 81);
        assertThat(big.tokens()).isEqualTo(7371);
    }

    @Test
    void aWideImageIsFittedToItsCanvasAndItsPaddedRowsDropped() {
        List<Pinpoint> pins = List.of(new Pinpoint(32, 32), new Pinpoint(32, 64), new Pinpoint(64, 32),
                new Pinpoint(64, 64));
        AnyresLayout l = AnyresLayout.of(16, 64, 32, 8, pins, 9);
        assertThat(l).isEqualTo(new AnyresLayout(16, 64, 32, 64, 16, 64, 8, 0, 1, 2, 4, 1, 3, 0, 8, 2, 8));
        assertThat(l.tokens()).isEqualTo(16 + 2 * 9);
        assertThat(AnyresCrops.count(l)).isEqualTo(3);
        // a tall one: columns dropped instead
        AnyresLayout tall = AnyresLayout.of(64, 16, 32, 8, pins, 9);
        assertThat(List.of(tall.canvasHeight(), tall.canvasWidth(), tall.colStart(), tall.colEnd(), tall.rowEnd()))
                .containsExactly(64, 32, 1, 3, 8);
        // a square image at the tile size is its own only tile
        AnyresLayout square = AnyresLayout.of(32, 32, 32, 8, pins, 9);
        assertThat(AnyresCrops.count(square)).isEqualTo(1);
        assertThat(square.tokens()).isEqualTo(16 + 4 * 5);
        // anyres_max_1 shrinks a 2x2 grid of 4x4 cells (ratio sqrt(64/16) = 2) to 4x4
        AnyresLayout shrunk = AnyresLayout.of(64, 64, 32, 8, pins, 1);
        assertThat(List.of(shrunk.outRows(), shrunk.outCols(), shrunk.tokens())).containsExactly(4, 4, 16 + 4 * 5);
    }

    @Test
    void theCanvasKeepsMostOfTheImageThenWastesLeastAndTheFirstWinsTies() {
        List<Pinpoint> pins = List.of(new Pinpoint(32, 64), new Pinpoint(64, 32), new Pinpoint(64, 64));
        // a 40x40 image: 64x64 keeps all of it; 32x64 and 64x32 keep 32x32 only
        assertThat(AnyresLayout.of(40, 40, 32, 8, pins, 9).canvasWidth()).isEqualTo(64);
        // a 10x10 image: every canvas keeps it whole; 32x64 comes first and wastes no more than 64x32
        AnyresLayout small = AnyresLayout.of(10, 10, 32, 8, pins, 9);
        assertThat(List.of(small.canvasHeight(), small.canvasWidth())).containsExactly(32, 64);
        assertThat(List.of(small.resizedHeight(), small.resizedWidth(), small.padTop(), small.padLeft()))
                .containsExactly(32, 32, 0, 16);
    }

    @Test
    void pythonRoundingIsReproduced() {
        // the exact decimal value of the double decides, as in Python: round(1.00000005, 7) == 1.0 (the double lies
        // just below ...05), round(0.12345675, 7) == 0.1234568 (just above ...75)
        assertThat(AnyresLayout.round7(1.00000005)).isEqualTo(1.0);
        assertThat(AnyresLayout.round7(0.12345675)).isEqualTo(0.1234568);
        assertThat(AnyresLayout.floorDiv(162, 2.0)).isEqualTo(81.0);
        assertThat(AnyresLayout.floorDiv(7, 2.5)).isEqualTo(2.0);
        assertThat(AnyresLayout.floorDiv(1, 0.1)).isEqualTo(9.0); // Python: 1 // 0.1 == 9.0, floor(1 / 0.1) == 10
    }

    @Test
    void theBilinearResizeIsTorchsWithoutAntialiasing() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray grid = m.arange(0f, 64f).reshape(8, 8, 1);
            // torch: F.interpolate(arange(64).reshape(1, 1, 8, 8), [4, 4], mode="bilinear")
            assertThat(SiglipTower.bilinear(grid, 4, 4).toFloatArray()).containsExactly(4.5f, 6.5f, 8.5f, 10.5f, 20.5f,
                    22.5f, 24.5f, 26.5f, 36.5f, 38.5f, 40.5f, 42.5f, 52.5f, 54.5f, 56.5f, 58.5f);
            // enlarging: [[0, 1], [2, 3]] to 4x4, the edges repeated
            assertThat(SiglipTower.bilinear(m.arange(0f, 4f).reshape(2, 2, 1), 4, 4).toFloatArray()).containsExactly(
                    0f, 0.25f, 0.75f, 1f, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2f, 2.25f, 2.75f, 3f);
        }
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> AnyresLayout.of(0, 5, 32, 8, List.of(new Pinpoint(32, 32)), 9))
                .hasMessageContaining("positive size, got 0x5");
        assertThatThrownBy(() -> AnyresLayout.of(5, 5, 32, 8, List.of(), 9)).hasMessageContaining("pinpoint");
    }
}
