package io.posttrain4j.generalpoints.render;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.posttrain4j.core.spi.Names;

/**
 * Canvas geometry of the card image: the reference's, or a small one for small vision encoders.
 */
public enum ImageSize {
    /** The study's: 1200x1200, cards 270x378 at x = 5, 302, 599, 896 and y = 411. */
    REFERENCE(1200, 1200, 270, 378, new int[] {5, 302, 599, 896}, 411),
    /** 128x48, four 28x42 cards side by side with large rank indices and one suit symbol each. */
    SMALL(128, 48, 28, 42, new int[] {2, 34, 66, 98}, 3);

    private final int width;
    private final int height;
    private final int cardWidth;
    private final int cardHeight;
    private final int[] xs;
    private final int y;

    ImageSize(int width, int height, int cardWidth, int cardHeight, int[] xs, int y) {
        this.width = width;
        this.height = height;
        this.cardWidth = cardWidth;
        this.cardHeight = cardHeight;
        this.xs = xs;
        this.y = y;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int cardWidth() {
        return cardWidth;
    }

    public int cardHeight() {
        return cardHeight;
    }

    /** Left edge of card {@code i} (0..3). */
    public int cardX(int i) {
        return xs[i];
    }

    /** Top edge of every card. */
    public int cardY() {
        return y;
    }

    /** The option value ({@code reference}, {@code small}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(ImageSize::label).toList();
    }

    /** The size named {@code label}; the error names the accepted ones. */
    public static ImageSize of(String label) {
        for (ImageSize s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException(Names.unknown("image size", String.valueOf(label), labels()));
    }
}
