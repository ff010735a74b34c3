package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.core.image.RgbImage;

/**
 * The encoder's input tiles of one image under LLaVA-OneVision's any-res tiling ({@link AnyresLayout}), each
 * (S, S, 3) row-major, channels last, scaled to [-1, 1] as {@link ImagePixels} does: the base tile (the whole image
 * resized to S x S, its aspect ratio not kept), then the grid tiles of the canvas (the image resized to fit it,
 * keeping its aspect ratio, centred on black, which is -1 after scaling), row by row.
 *
 * <p>Resampling is Pillow's bicubic filter, bit for bit ({@link PilResize}), as in transformers' processor, so
 * the tiles equal its {@code pixel_values}.
 */
final class AnyresCrops {
    private AnyresCrops() {}

    /**
     * Tiles through the encoder: 1 for a square image at the tile size on a one-tile canvas (its tile is the base
     * tile itself), else 1 + the grid's tiles.
     */
    static int count(AnyresLayout layout) {
        int tile = layout.canvasHeight() / layout.gridRows(); // canvases are whole grids of tiles
        boolean oneTileItself = layout.gridRows() == 1 && layout.gridCols() == 1 && layout.height() == tile
                && layout.width() == tile;
        return oneTileItself ? 1 : layout.crops();
    }

    /** The tiles of {@code image}; {@code tile} is the encoder's image size S. */
    static List<float[]> of(RgbImage image, AnyresLayout layout, int tile) {
        List<float[]> out = new ArrayList<>();
        out.add(ImagePixels.of(List.of(PilResize.resize(image, tile, tile, PilResize.Filter.BICUBIC)), tile, tile));
        if (count(layout) == 1) {
            return out;
        }
        int ch = layout.canvasHeight();
        int cw = layout.canvasWidth();
        float[] canvas = new float[ch * cw * 3];
        java.util.Arrays.fill(canvas, -1f);
        int nh = layout.resizedHeight();
        int nw = layout.resizedWidth();
        float[] fitted = ImagePixels.of(List.of(PilResize.resize(image, nw, nh, PilResize.Filter.BICUBIC)), nh, nw); // no resampling at size
        for (int y = 0; y < nh; y++) {
            System.arraycopy(fitted, y * nw * 3, canvas, ((y + layout.padTop()) * cw + layout.padLeft()) * 3, nw * 3);
        }
        for (int r = 0; r < layout.gridRows(); r++) {
            for (int q = 0; q < layout.gridCols(); q++) {
                float[] t = new float[tile * tile * 3];
                for (int y = 0; y < tile; y++) {
                    System.arraycopy(canvas, ((r * tile + y) * cw + q * tile) * 3, t, y * tile * 3, tile * 3);
                }
                out.add(t);
            }
        }
        return out;
    }
}
