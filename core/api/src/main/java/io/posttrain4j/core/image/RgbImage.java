package io.posttrain4j.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * An immutable RGB picture with value equality, so observations that hold images can be compared exactly
 * (seeded resets must repeat pixel for pixel).
 *
 * <p>Pixels are packed as {@code 0xRRGGBB} ints, row-major. Instances are thread-safe.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final int[] rgb;
    private final int hash;

    private RgbImage(int width, int height, int[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " pixels for " + width + "x" + height + ", got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.hash = 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    /** Copies the pixels of {@code image} (alpha is dropped). */
    public static RgbImage of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        return new RgbImage(w, h, px);
    }

    /** Wraps a copy of packed {@code 0xRRGGBB} pixels. */
    public static RgbImage of(int width, int height, int[] rgb) {
        int[] copy = rgb.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] &= 0xFFFFFF;
        }
        return new RgbImage(width, height, copy);
    }

    /** Reads a PNG or JPEG file. */
    public static RgbImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a readable image (PNG or JPEG expected): " + file);
        }
        return of(img);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The packed pixel at column {@code x}, row {@code y}. */
    public int rgb(int x, int y) {
        return rgb[y * width + x];
    }

    /** Interleaved RGB bytes, row-major, {@code (H, W, 3)}: the layout models consume. */
    public byte[] toRgbBytes() {
        byte[] out = new byte[rgb.length * 3];
        for (int i = 0, j = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[j++] = (byte) (p >>> 16);
            out[j++] = (byte) (p >>> 8);
            out[j++] = (byte) p;
        }
        return out;
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }

    /** Writes a PNG atomically (temp file + rename). */
    public void writePng(Path file) {
        try {
            AtomicFiles.write(file, this::writePng);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG " + file, e);
        }
    }

    /** Writes this image as PNG to {@code out} (left open). */
    public void writePng(OutputStream out) throws IOException {
        if (!ImageIO.write(toBufferedImage(), "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other
                && other.width == width
                && other.height == height
                && other.hash == hash
                && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
