package io.posttrain4j.core.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Where one image's pixels and features go under LLaVA-OneVision's any-res tiling, as transformers 5.17 computes it
 * ({@code select_best_resolution}, {@code get_patch_output_size}, {@code divide_to_patches}, {@code unpad_image},
 * the {@code anyres_max_N} interpolation of {@code pack_image_features}, and the processor's token count):
 *
 * <ol>
 *   <li>the pinpoint (height, width) that keeps most of the image at the least waste is the canvas;
 *   <li>the image is resized to fit the canvas keeping its aspect ratio ({@code resizedHeight} x
 *       {@code resizedWidth}) and padded with black, centred, to the canvas;
 *   <li>the canvas is cut into {@code gridRows x gridCols} tiles of the encoder's square size, row-major, after a
 *       base tile (the whole image resized to the square);
 *   <li>the tiles' patch features form a grid of {@code gridRows * side} x {@code gridCols * side} cells, whose
 *       padded border rows (or columns) are dropped: rows {@code [rowStart, rowEnd)}, columns
 *       {@code [colStart, colEnd)};
 *   <li>a grid larger than {@code anyresMax} tiles' worth of cells (by more than 10% in side) is resized bilinearly
 *       to {@code outRows x outCols};
 *   <li>the image's tokens: the base tile's {@code side^2} features, then the grid row by row, each row followed
 *       by {@code image_newline}.
 * </ol>
 *
 * @param height the image's height in pixels
 * @param width the image's width
 * @param canvasHeight the chosen pinpoint's height
 * @param canvasWidth the chosen pinpoint's width
 * @param resizedHeight the image's height on the canvas before padding
 * @param resizedWidth its width on the canvas
 * @param padTop black rows above it
 * @param padLeft black columns left of it
 * @param gridRows tiles per column of the canvas
 * @param gridCols tiles per row
 * @param side patches per tile side ({@code image_size / patch_size}, rounded down)
 * @param rowStart first grid row kept
 * @param rowEnd grid rows kept end (exclusive)
 * @param colStart first grid column kept
 * @param colEnd grid columns kept end (exclusive)
 * @param outRows grid rows after the optional interpolation
 * @param outCols grid columns after it
 */
record AnyresLayout(int height, int width, int canvasHeight, int canvasWidth, int resizedHeight, int resizedWidth,
        int padTop, int padLeft, int gridRows, int gridCols, int side, int rowStart, int rowEnd, int colStart,
        int colEnd, int outRows, int outCols) {

    /**
     * The layout of an image of {@code height x width} pixels.
     *
     * @param tile the encoder's square size ({@code vision_config.image_size})
     * @param patch the encoder's patch size
     * @param pinpoints canvas sizes (height, width), each a multiple of {@code tile} on both sides
     * @param anyresMax N of {@code anyres_max_N}
     * @throws IllegalArgumentException for an empty image or no pinpoints
     */
    static AnyresLayout of(int height, int width, int tile, int patch, List<ModelConfig.Pinpoint> pinpoints,
            int anyresMax) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("an image needs a positive size, got " + height + "x" + width);
        }
        if (pinpoints.isEmpty()) {
            throw new IllegalArgumentException("any-res tiling needs at least one pinpoint");
        }
        // select_best_resolution: most of the image kept (effective pixels), then the least waste; first wins ties
        ModelConfig.Pinpoint best = null;
        long bestEffective = -1;
        long bestWaste = Long.MAX_VALUE;
        for (ModelConfig.Pinpoint p : pinpoints) {
            double scale = Math.min((double) p.width() / width, (double) p.height() / height);
            long effective = Math.min((long) (width * scale) * (long) (height * scale), (long) width * height);
            long waste = (long) p.width() * p.height() - effective;
            if (effective > bestEffective || effective == bestEffective && waste < bestWaste) {
                best = p;
                bestEffective = effective;
                bestWaste = waste;
            }
        }
        int bh = best.height();
        int bw = best.width();
        // get_patch_output_size: fit inside the canvas, keeping the aspect ratio
        double sw = (double) bw / width;
        double sh = (double) bh / height;
        int nh;
        int nw;
        if (sw < sh) {
            nw = bw;
            nh = Math.min((int) Math.ceil(height * sw), bh);
        } else {
            nh = bh;
            nw = Math.min((int) Math.ceil(width * sh), bw);
        }
        int gridRows = bh / tile;
        int gridCols = bw / tile;
        int side = tile / patch;
        int ch = gridRows * side;
        int cw = gridCols * side;
        // unpad_image: drop the feature rows (or columns) that only saw the black padding
        int rowStart = 0;
        int rowEnd = ch;
        int colStart = 0;
        int colEnd = cw;
        if ((double) width / height > (double) cw / ch) {
            int kept = (int) round7(height * ((double) cw / width));
            int pad = (ch - kept) / 2;
            rowStart = pad;
            rowEnd = ch - pad;
        } else {
            int kept = (int) round7(width * ((double) ch / height));
            int pad = (cw - kept) / 2;
            colStart = pad;
            colEnd = cw - pad;
        }
        int rows = rowEnd - rowStart;
        int cols = colEnd - colStart;
        double ratio = Math.sqrt((double) rows * cols / ((double) anyresMax * side * side));
        int outRows = rows;
        int outCols = cols;
        if (ratio > 1.1) {
            outRows = (int) floorDiv(rows, ratio);
            outCols = (int) floorDiv(cols, ratio);
        }
        return new AnyresLayout(height, width, bh, bw, nh, nw, (bh - nh) / 2, (bw - nw) / 2, gridRows, gridCols,
                side, rowStart, rowEnd, colStart, colEnd, outRows, outCols);
    }

    /** Tiles through the encoder: the base tile and the grid's. */
    int crops() {
        return 1 + gridRows * gridCols;
    }

    /** Whether the unpadded grid is resized before the newlines are added. */
    boolean interpolated() {
        return outRows != rowEnd - rowStart || outCols != colEnd - colStart;
    }

    /** The image's tokens: the base tile's features, then each grid row and its newline. */
    int tokens() {
        return side * side + outRows * (outCols + 1);
    }

    /** Python's {@code round(x, 7)}: the decimal value of x rounded half-even at 7 places. */
    static double round7(double x) {
        return new BigDecimal(x).setScale(7, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Python's float floor division {@code a // b} (CPython's float_floor_div), for b > 0. */
    static double floorDiv(double a, double b) {
        double mod = a % b; // C fmod
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        double floor;
        if (div != 0) {
            floor = Math.floor(div);
            if (div - floor > 0.5) {
                floor += 1.0;
            }
        } else {
            floor = Math.copySign(0.0, a / b);
        }
        return floor;
    }
}
