package io.posttrain4j.core.model;

import java.util.List;

import io.posttrain4j.core.image.RgbImage;

/**
 * Turns images into the encoder's input: resized to the configured size by area averaging (each output pixel
 * is the mean of the source pixels it covers, so downscaling does not alias), scaled to [-1, 1], laid out
 * (N, H, W, 3) row-major.
 */
final class ImagePixels {
    private ImagePixels() {}

    static float[] of(List<RgbImage> images, int height, int width) {
        float[] out = new float[images.size() * height * width * 3];
        int o = 0;
        for (RgbImage img : images) {
            o = resizeInto(img, height, width, out, o);
        }
        return out;
    }

    private static int resizeInto(RgbImage img, int height, int width, float[] out, int o) {
        int sw = img.width();
        int sh = img.height();
        for (int y = 0; y < height; y++) {
            int y0 = (int) ((long) y * sh / height);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / height));
            for (int x = 0; x < width; x++) {
                int x0 = (int) ((long) x * sw / width);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / width));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int px = img.rgb(xx, yy);
                        r += (px >>> 16) & 0xFF;
                        g += (px >>> 8) & 0xFF;
                        b += px & 0xFF;
                    }
                }
                float count = (float) (y1 - y0) * (x1 - x0);
                out[o++] = r / count / 127.5f - 1f;
                out[o++] = g / count / 127.5f - 1f;
                out[o++] = b / count / 127.5f - 1f;
            }
        }
        return o;
    }
}
