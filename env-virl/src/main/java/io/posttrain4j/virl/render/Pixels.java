package io.posttrain4j.virl.render;

/** Colour arithmetic and resampling on packed 0xRRGGBB pixels. */
final class Pixels {
    private Pixels() {}

    static int mix(int a, int b, double t) {
        if (t <= 0) {
            return a;
        }
        if (t >= 1) {
            return b;
        }
        int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return (r << 16) | (g << 8) | bl;
    }

    static int scale(int c, double k) {
        int r = clamp((int) Math.round(((c >> 16) & 255) * k));
        int g = clamp((int) Math.round(((c >> 8) & 255) * k));
        int b = clamp((int) Math.round((c & 255) * k));
        return (r << 16) | (g << 8) | b;
    }

    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    /** Bilinear resampling of a w x h image to n x n (pixel centres aligned), in 8-bit fixed point. */
    static int[] resize(int[] src, int w, int h, int n) {
        int[] out = new int[n * n];
        int[] x0 = new int[n];
        int[] x1 = new int[n];
        int[] wx = new int[n];
        double sx = (double) w / n;
        double sy = (double) h / n;
        for (int x = 0; x < n; x++) {
            double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * sx - 0.5));
            x0[x] = (int) fx;
            x1[x] = Math.min(w - 1, x0[x] + 1);
            wx[x] = (int) Math.round((fx - x0[x]) * 256);
        }
        for (int y = 0; y < n; y++) {
            double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * sy - 0.5));
            int r0 = (int) fy * w;
            int r1 = Math.min(h - 1, (int) fy + 1) * w;
            int wy = (int) Math.round((fy - (int) fy) * 256);
            for (int x = 0; x < n; x++) {
                int a = src[r0 + x0[x]];
                int b = src[r0 + x1[x]];
                int c = src[r1 + x0[x]];
                int d = src[r1 + x1[x]];
                int k = wx[x];
                int r = lerp(lerp((a >> 16) & 255, (b >> 16) & 255, k), lerp((c >> 16) & 255, (d >> 16) & 255, k), wy);
                int g = lerp(lerp((a >> 8) & 255, (b >> 8) & 255, k), lerp((c >> 8) & 255, (d >> 8) & 255, k), wy);
                int bl = lerp(lerp(a & 255, b & 255, k), lerp(c & 255, d & 255, k), wy);
                out[y * n + x] = (r << 16) | (g << 8) | bl;
            }
        }
        return out;
    }

    private static int lerp(int a, int b, int t256) {
        return a + (((b - a) * t256 + 128) >> 8);
    }

    /** Box-filter halving of an n x n image (n even). */
    static int[] halve(int[] src, int n) {
        int m = n / 2;
        int[] out = new int[m * m];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int k = 0; k < 4; k++) {
                    int c = src[(2 * y + k / 2) * n + 2 * x + k % 2];
                    r += (c >> 16) & 255;
                    g += (c >> 8) & 255;
                    b += c & 255;
                }
                out[y * m + x] = ((r + 2) / 4 << 16) | ((g + 2) / 4 << 8) | (b + 2) / 4;
            }
        }
        return out;
    }
}
