package io.posttrain4j.virl.render;

import java.util.List;

import io.posttrain4j.core.image.RgbImage;

/**
 * Lays four views out as the reference does: a black canvas, view {@code i} at column {@code i % 2}, row
 * {@code i / 2}, each offset by view size plus separator. With the reference's headings (heading-135,
 * heading-45, heading+45, heading+135) the top row shows the left-behind and left-front views and the bottom row
 * the right-front and right-behind views, although the prompt calls the grid [front, right / back, left].
 */
public final class ViewGrid {
    private ViewGrid() {}

    /** The headings of the four views for a walker facing {@code heading}, in grid order. */
    public static double[] headings(double heading) {
        return new double[] {heading - 135, heading - 45, heading + 45, heading + 135};
    }

    /** The grid of four {@code size.view()}-square views. */
    public static RgbImage compose(List<RgbImage> views, ImageSize size) {
        if (views.size() != 4) {
            throw new IllegalArgumentException("a grid needs 4 views, got " + views.size());
        }
        int v = size.view();
        int total = size.total();
        int[] px = new int[total * total];
        for (int i = 0; i < 4; i++) {
            RgbImage img = views.get(i);
            if (img.width() != v || img.height() != v) {
                throw new IllegalArgumentException("view " + i + " is " + img.width() + "x" + img.height() + ", expected "
                        + v + "x" + v);
            }
            int ox = (i % 2) * (v + size.separator());
            int oy = (i / 2) * (v + size.separator());
            for (int y = 0; y < v; y++) {
                for (int x = 0; x < v; x++) {
                    px[(oy + y) * total + ox + x] = img.rgb(x, y);
                }
            }
        }
        return RgbImage.of(total, total, px);
    }
}
