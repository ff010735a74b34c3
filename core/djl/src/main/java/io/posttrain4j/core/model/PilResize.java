package io.posttrain4j.core.model;

import io.posttrain4j.core.image.RgbImage;

/**
 * Pillow's resize of an 8-bit RGB image ({@code Image.resize(size, Image.BICUBIC)} or {@code Image.LANCZOS}), bit
 * for bit: the filter (cubic with a = -0.5, support 2; or Lanczos, sinc windowed by sinc(x/3), support 3) widened
 * by the scale when shrinking (so that it averages instead of aliasing), weights normalised per output pixel and
 * rounded to 22-bit fixed point, a horizontal pass then a vertical pass, each rounded and clamped to 0..255. This is
 * the resampling of Hugging Face's PIL image processors (bicubic in LLaVA-OneVision's, Lanczos in SmolVLM's), so
 * that pixels made here equal theirs.
 */
final class PilResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** A resampling filter of Pillow's, with its support in source pixels at scale 1. */
    enum Filter {
        BICUBIC(2.0),
        LANCZOS(3.0);

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        double weight(double x) {
            return this == BICUBIC ? cubic(x) : lanczos(x);
        }
    }

    private PilResize() {}

    /** {@code image} resized to {@code width x height}; the image itself when it already has that size. */
    static RgbImage resize(RgbImage image, int width, int height, Filter filter) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a resize needs a positive size, got " + width + "x" + height);
        }
        int w = image.width();
        int h = image.height();
        if (w == width && h == height) {
            return image;
        }
        int[][] src = new int[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int px = image.rgb(x, y);
                src[0][y * w + x] = (px >>> 16) & 0xFF;
                src[1][y * w + x] = (px >>> 8) & 0xFF;
                src[2][y * w + x] = px & 0xFF;
            }
        }
        Coefficients horizontal = width != w ? Coefficients.of(w, width, filter) : null;
        Coefficients vertical = height != h ? Coefficients.of(h, height, filter) : null;
        int[][] out = new int[3][];
        for (int c = 0; c < 3; c++) {
            int[] plane = src[c];
            int pw = w;
            if (horizontal != null) {
                plane = horizontal(plane, w, h, width, horizontal);
                pw = width;
            }
            if (vertical != null) {
                plane = vertical(plane, pw, h, height, vertical);
            }
            out[c] = plane;
        }
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = out[0][i] << 16 | out[1][i] << 8 | out[2][i];
        }
        return RgbImage.of(width, height, rgb);
    }

    private static int[] horizontal(int[] in, int w, int h, int outW, Coefficients k) {
        int[] out = new int[outW * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < outW; x++) {
                int ss = 1 << (PRECISION_BITS - 1);
                int min = k.min[x];
                for (int i = 0; i < k.count[x]; i++) {
                    ss += in[y * w + min + i] * k.weights[x * k.size + i];
                }
                out[y * outW + x] = clip8(ss);
            }
        }
        return out;
    }

    private static int[] vertical(int[] in, int w, int h, int outH, Coefficients k) {
        int[] out = new int[w * outH];
        for (int y = 0; y < outH; y++) {
            int min = k.min[y];
            for (int x = 0; x < w; x++) {
                int ss = 1 << (PRECISION_BITS - 1);
                for (int i = 0; i < k.count[y]; i++) {
                    ss += in[(min + i) * w + x] * k.weights[y * k.size + i];
                }
                out[y * w + x] = clip8(ss);
            }
        }
        return out;
    }

    private static int clip8(int v) {
        return Math.max(0, Math.min(255, v >> PRECISION_BITS));
    }

    static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** Pillow's {@code lanczos_filter}: sinc(x) sinc(x / 3) on [-3, 3), 0 elsewhere. */
    static double lanczos(double x) {
        return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return StrictMath.sin(px) / px;
    }

    /** Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} for one axis. */
    private record Coefficients(int size, int[] min, int[] count, int[] weights) {
        static Coefficients of(int inSize, int outSize, Filter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support * filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] min = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * size];
            double[] k = new double[size];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = filter.weight((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? k[x] / ww : k[x];
                    weights[xx * size + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS)
                            : 0.5 + v * (1 << PRECISION_BITS));
                }
                min[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(size, min, count, weights);
        }
    }
}
