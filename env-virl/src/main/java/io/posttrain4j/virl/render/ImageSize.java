package io.posttrain4j.virl.render;

/**
 * The size of the 2x2 observation grid: four square views of {@code view} pixels with {@code separator} black
 * pixels between them, {@code 2 * view + separator} pixels a side.
 *
 * <p>{@link #REFERENCE}: 1200-pixel views (the reference's 640x640 crops upscaled) and 5-pixel separators, 2405x2405.
 * {@link #SMALL}: 63-pixel views and a 2-pixel separator, 128x128, for small models.
 *
 * @param view side of one view in pixels
 * @param separator width of the black separators
 */
public record ImageSize(int view, int separator) {
    public static final ImageSize REFERENCE = new ImageSize(1200, 5);
    public static final ImageSize SMALL = new ImageSize(63, 2);

    public ImageSize {
        if (view < 8 || view > 4096) {
            throw new IllegalArgumentException("view size must be in [8, 4096] pixels, got " + view);
        }
        if (separator < 0 || separator > 64) {
            throw new IllegalArgumentException("separator must be in [0, 64] pixels, got " + separator);
        }
    }

    /** Side of the whole grid. */
    public int total() {
        return 2 * view + separator;
    }

    /** Parses {@code reference}, {@code small} or {@code <view>+<separator>} (e.g. {@code 256+3}). */
    public static ImageSize of(String text) {
        String t = text.trim();
        if (t.equals("reference")) {
            return REFERENCE;
        }
        if (t.equals("small")) {
            return SMALL;
        }
        int plus = t.indexOf('+');
        try {
            if (plus > 0) {
                return new ImageSize(Integer.parseInt(t.substring(0, plus)), Integer.parseInt(t.substring(plus + 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("image size must be reference, small or <view>+<separator> (e.g. 256+3), got '"
                + text + "'");
    }
}
