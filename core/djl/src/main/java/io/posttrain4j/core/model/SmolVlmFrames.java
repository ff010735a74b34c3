package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.core.image.RgbImage;

/**
 * How SmolVLM's (Idefics3's) image processor turns one image into the encoder's frames, as transformers 5.17's
 * {@code SmolVLMImageProcessorPil} does it ({@link ModelConfig.SmolVlmImages}): the image resized so that its
 * longest edge is {@code longestEdge} (the other edge {@code int(...)}, rounded up to even, both at most 4096);
 * with splitting, resized again to whole multiples of the tile (the encoder's size), then cut into {@code rows x
 * cols} tiles row by row and followed by the whole resized image shrunk to one tile (the global image); an image
 * that fits one tile is that tile alone (rows = cols = 0). Without splitting, the first resize is followed by one
 * to the tile's square. Every resize is Pillow's Lanczos filter, bit for bit ({@link PilResize}).
 *
 * @param height the image's height as the encoder cuts it (after the resizes, before the global image)
 * @param width its width
 * @param rows tile rows, 0 when the image is one tile
 * @param cols tile columns, 0 when the image is one tile
 */
record SmolVlmFrames(int height, int width, int rows, int cols) {
    /** The processor's bound on either edge after the first resize. */
    static final int MAX_IMAGE_SIZE = 4096;

    /** Frames through the encoder: the tiles and the global image, or the one tile. */
    int frames() {
        return rows * cols + 1;
    }

    /** The layout of an image of {@code h x w} pixels under {@code settings}, tiles of {@code tile} pixels. */
    static SmolVlmFrames of(int h, int w, ModelConfig.SmolVlmImages settings, int tile) {
        int[] first = firstResize(h, w, settings.longestEdge());
        if (!settings.split()) {
            return new SmolVlmFrames(tile, tile, 0, 0);
        }
        int[] multiple = toTileMultiples(first[0], first[1], tile);
        int mh = multiple[0];
        int mw = multiple[1];
        if (mh > tile || mw > tile) {
            return new SmolVlmFrames(mh, mw, (mh - tile) / tile + 1, (mw - tile) / tile + 1);
        }
        return new SmolVlmFrames(mh, mw, 0, 0);
    }

    /**
     * The frames of {@code image}, each {@code tile x tile}: the tiles row by row, then the global image; or the one
     * frame.
     */
    static List<RgbImage> of(RgbImage image, ModelConfig.SmolVlmImages settings, int tile) {
        int[] first = firstResize(image.height(), image.width(), settings.longestEdge());
        RgbImage resized = PilResize.resize(image, first[1], first[0], PilResize.Filter.LANCZOS);
        SmolVlmFrames layout = of(image.height(), image.width(), settings, tile);
        if (!settings.split()) {
            return List.of(PilResize.resize(resized, tile, tile, PilResize.Filter.LANCZOS));
        }
        RgbImage whole = PilResize.resize(resized, layout.width(), layout.height(), PilResize.Filter.LANCZOS);
        if (layout.rows() == 0) {
            return List.of(whole);
        }
        List<RgbImage> out = new ArrayList<>();
        for (int r = 0; r < layout.rows(); r++) {
            for (int c = 0; c < layout.cols(); c++) {
                out.add(crop(whole, c * tile, r * tile, tile));
            }
        }
        out.add(PilResize.resize(whole, tile, tile, PilResize.Filter.LANCZOS));
        return out;
    }

    /**
     * transformers' {@code get_resize_output_image_size}: the longest edge to {@code longest}, the other
     * {@code int(longest / aspect)} (or {@code * aspect}) rounded up to even, then both scaled below 4096.
     *
     * @return {height, width}
     */
    static int[] firstResize(int h, int w, int longest) {
        double aspect = (double) w / h;
        int height;
        int width;
        if (w >= h) {
            width = longest;
            height = (int) (width / aspect);
            if (height % 2 != 0) {
                height++;
            }
        } else {
            height = longest;
            width = (int) (height * aspect);
            if (width % 2 != 0) {
                width++;
            }
        }
        height = Math.max(height, 1);
        width = Math.max(width, 1);
        aspect = (double) width / height;
        if (width >= height && width > MAX_IMAGE_SIZE) {
            width = MAX_IMAGE_SIZE;
            height = (int) (width / aspect);
        } else if (height > width && height > MAX_IMAGE_SIZE) {
            height = MAX_IMAGE_SIZE;
            width = (int) (height * aspect);
        }
        return new int[] {Math.max(height, 1), Math.max(width, 1)};
    }

    /** transformers' {@code resize_for_vision_encoder}: both edges up to whole tiles, keeping the aspect ratio. */
    static int[] toTileMultiples(int h, int w, int tile) {
        double aspect = (double) w / h;
        int height;
        int width;
        if (w >= h) {
            width = (int) Math.ceil((double) w / tile) * tile;
            height = (int) (width / aspect);
            height = (int) Math.ceil((double) height / tile) * tile;
        } else {
            height = (int) Math.ceil((double) h / tile) * tile;
            width = (int) (height * aspect);
            width = (int) Math.ceil((double) width / tile) * tile;
        }
        return new int[] {height, width};
    }

    private static RgbImage crop(RgbImage image, int x0, int y0, int size) {
        int[] rgb = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                rgb[y * size + x] = image.rgb(x0 + x, y0 + y);
            }
        }
        return RgbImage.of(size, size, rgb);
    }
}
