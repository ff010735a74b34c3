package io.posttrain4j.generalpoints.render;

import java.util.List;
import java.util.Locale;

import io.posttrain4j.core.spi.Names;

/**
 * Canvas geometry of the card image: the reference's, a small one for small vision encoders, or the reference's
 * layout on a square canvas of any side, so that a vision-language model gets images at its encoder's own size
 * (e.g. 512 for SmolVLM, 384 for LLaVA-OneVision) and nothing is resampled on the way.
 */
public final class ImageSize {
    /** The study's: 1200x1200, cards 270x378 at x = 5, 302, 599, 896 and y = 411. */
    public static final ImageSize REFERENCE = new ImageSize("reference", 1200, 1200, 270, 378,
            new int[] {5, 302, 599, 896}, 411);
    /** 128x48, four 28x42 cards side by side with large rank indices and one suit symbol each. */
    public static final ImageSize SMALL = new ImageSize("small", 128, 48, 28, 42, new int[] {2, 34, 66, 98}, 3);

    /** The smallest and largest side of a square canvas ({@link #square}). */
    public static final int MIN_SIDE = 32;
    public static final int MAX_SIDE = 4096;

    private final String label;
    private final int width;
    private final int height;
    private final int cardWidth;
    private final int cardHeight;
    private final int[] xs;
    private final int y;

    private ImageSize(String label, int width, int height, int cardWidth, int cardHeight, int[] xs, int y) {
        this.label = label;
        this.width = width;
        this.height = height;
        this.cardWidth = cardWidth;
        this.cardHeight = cardHeight;
        this.xs = xs;
        this.y = y;
    }

    /**
     * The reference layout scaled to a {@code side x side} canvas (every length times side / 1200, rounded).
     *
     * @throws IllegalArgumentException if side is outside [{@value #MIN_SIDE}, {@value #MAX_SIDE}]
     */
    public static ImageSize square(int side) {
        if (side < MIN_SIDE || side > MAX_SIDE) {
            throw new IllegalArgumentException("image side " + side + " is out of range; accepted: " + MIN_SIDE
                    + " to " + MAX_SIDE + " pixels");
        }
        if (side == REFERENCE.width) {
            return REFERENCE;
        }
        double s = side / 1200.0;
        int[] xs = new int[4];
        for (int i = 0; i < 4; i++) {
            xs[i] = (int) Math.round(REFERENCE.xs[i] * s);
        }
        return new ImageSize(Integer.toString(side), side, side, (int) Math.round(270 * s),
                (int) Math.round(378 * s), xs, (int) Math.round(411 * s));
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

    /** The option value ({@code reference}, {@code small}, or the side of a square canvas). */
    public String label() {
        return label;
    }

    /** The named sizes. */
    public static List<ImageSize> values() {
        return List.of(REFERENCE, SMALL);
    }

    /** The names of {@link #values()}. */
    public static List<String> labels() {
        return values().stream().map(ImageSize::label).toList();
    }

    /**
     * The size named {@code label}: {@code reference}, {@code small}, or a number, the side of a square canvas in
     * pixels; the error names what is accepted.
     */
    public static ImageSize of(String label) {
        String l = String.valueOf(label).trim().toLowerCase(Locale.ROOT);
        for (ImageSize s : values()) {
            if (s.label.equals(l)) {
                return s;
            }
        }
        if (l.matches("[0-9]{1,5}")) {
            return square(Integer.parseInt(l));
        }
        throw new IllegalArgumentException(Names.unknown("image size", String.valueOf(label), labels())
                + " (or the side of a square canvas, " + MIN_SIDE + " to " + MAX_SIDE + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSize other && other.label.equals(label);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return label + " (" + width + "x" + height + ")";
    }
}
