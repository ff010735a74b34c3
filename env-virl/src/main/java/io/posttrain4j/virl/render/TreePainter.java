package io.posttrain4j.virl.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.CityStyle;
import io.posttrain4j.virl.world.Intersection;
import io.posttrain4j.virl.world.Street;

/**
 * Paints street trees (trunk and crown, far to near) on the sidewalks of cities whose style plants them, every
 * {@link CityStyle#treeSpacing()} metres and clear of the crossings. Sizes vary a little per tree from its position,
 * so the same city always shows the same trees.
 */
final class TreePainter {
    private static final double CAMERA_HEIGHT = StreetViewRenderer.CAMERA_HEIGHT;
    private static final double RANGE = 110;

    private record Tree(double x, double y, double crown, double height) {}

    private final CityStyle style;
    private final List<Tree> trees;

    TreePainter(CityModel city, double[] junction) {
        this.style = city.style();
        List<Tree> list = new ArrayList<>();
        double spacing = style.treeSpacing();
        if (spacing > 0) {
            for (Street s : city.streets()) {
                Intersection a = city.intersections().get(s.from());
                Intersection b = city.intersections().get(s.to());
                double len = city.length(s.id());
                double ux = (b.x() - a.x()) / len;
                double uy = (b.y() - a.y()) / len;
                double start = junction[s.from()] + style.sidewalkWidth() + 5;
                double end = len - junction[s.to()] - style.sidewalkWidth() - 5;
                for (int side = -1; side <= 1; side += 2) {
                    double off = (s.width() / 2 + 0.9) * side;
                    for (double t = start; t <= end; t += spacing) {
                        double x = a.x() + ux * t - uy * off;
                        double y = a.y() + uy * t + ux * off;
                        double jitter = Math.floorMod((int) Math.floor(x * 7.3 + y * 3.1), 100) / 100.0;
                        list.add(new Tree(x, y, 1.7 + 0.8 * jitter, 4.3 + 1.4 * jitter));
                    }
                }
            }
        }
        this.trees = List.copyOf(list);
    }

    /** Paints the trees in view, each hidden when the nearest wall in its column stands in front of it. */
    void paint(BufferedImage img, double camX, double camY, double fx, double fy, double rx, double ry, double f,
            double cx, double cy, double[] depth) {
        if (trees.isEmpty()) {
            return;
        }
        int n = img.getWidth();
        List<double[]> visible = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            Tree t = trees.get(i);
            double qx = t.x() - camX;
            double qy = t.y() - camY;
            double z = qx * fx + qy * fy;
            if (z < 1.2 || z > RANGE) {
                continue;
            }
            double sx = cx + f * (qx * rx + qy * ry) / z;
            double r = f * t.crown() / z;
            if (sx + r < 0 || sx - r >= n) {
                continue;
            }
            int col = (int) Math.max(0, Math.min(n - 1, Math.round(sx)));
            if (depth[col] < z - 1) {
                continue;
            }
            visible.add(new double[] {z, sx, i});
        }
        visible.sort(Comparator.comparingDouble((double[] v) -> -v[0]));
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            for (double[] v : visible) {
                Tree t = trees.get((int) v[2]);
                double z = v[0];
                double sx = v[1];
                double haze = 1 - Math.pow(0.5, z / style.hazeDistance());
                double trunkW = f * 0.3 / z;
                double ground = cy + f * CAMERA_HEIGHT / z;
                double crownY = cy - f * (t.height() - CAMERA_HEIGHT) / z;
                double r = f * t.crown() / z;
                g.setColor(new Color(Pixels.mix(0x5a4632, style.skyHorizon(), haze)));
                g.fill(new Rectangle2D.Double(sx - trunkW / 2, crownY, trunkW, ground - crownY));
                g.setColor(new Color(Pixels.mix(Pixels.scale(style.foliage(), 0.8), style.skyHorizon(), haze)));
                g.fill(new Ellipse2D.Double(sx - r, crownY - r * 0.85, 2 * r, 1.8 * r));
                g.setColor(new Color(Pixels.mix(style.foliage(), style.skyHorizon(), haze)));
                g.fill(new Ellipse2D.Double(sx - r * 0.8, crownY - r * 0.95, 1.5 * r, 1.3 * r));
            }
        } finally {
            g.dispose();
        }
    }
}
