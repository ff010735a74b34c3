package io.posttrain4j.virl.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.world.Building;
import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.CityStyle;
import io.posttrain4j.virl.world.Facade;
import io.posttrain4j.virl.world.Intersection;
import io.posttrain4j.virl.world.Street;

/**
 * Renders street views of a {@link CityModel} with Java2D and a per-column ray caster: sky, building fronts in
 * perspective (storeys, windows, shop fronts and cornices in the city's style, shaded by the sun and hazed by
 * distance), the carriageway with lane paint and zebra crossings, sidewalks, cross streets as gaps between the
 * blocks, sign boards with the legible names of the places in view, and street trees where the city has them.
 *
 * <p>A view is square with a 90-degree field of view and a level camera 2.5 m above the street, like a Street
 * View crop. Views are rendered at most 640 pixels a side and resized (as the reference upscales its 640x640
 * crops); views of 320 pixels or less are rendered at twice the size and halved, for clean small images.
 * Output is deterministic: equal inputs give equal pixels. Instances are immutable and thread-safe.
 */
public final class StreetViewRenderer {
    /** Horizontal (and vertical) field of view in degrees. */
    public static final double FOV = 90;
    /** Camera height in metres. */
    public static final double CAMERA_HEIGHT = 2.5;
    /** Nothing farther than this is drawn (metres). */
    public static final double MAX_DISTANCE = 420;
    private static final int MAX_INTERNAL = 640;

    private final CityModel city;
    private final CityStyle style;
    private final double[] junction;
    private final double[] facadeLength;
    private final double[] streetLength;
    private final double[] seg;
    private final StreetGrid grid;
    private final SignPainter signs;
    private final TreePainter trees;

    public StreetViewRenderer(CityModel city) {
        this.city = Objects.requireNonNull(city, "city");
        this.style = city.style();
        this.junction = new double[city.intersections().size()];
        for (Street s : city.streets()) {
            junction[s.from()] = Math.max(junction[s.from()], s.width() / 2);
            junction[s.to()] = Math.max(junction[s.to()], s.width() / 2);
        }
        this.facadeLength = city.facades().stream().mapToDouble(Facade::length).toArray();
        this.streetLength = city.streets().stream().mapToDouble(s -> city.length(s.id())).toArray();
        this.seg = new double[city.streets().size() * 4];
        for (Street s : city.streets()) {
            Intersection a = city.intersections().get(s.from());
            Intersection b = city.intersections().get(s.to());
            seg[4 * s.id()] = a.x();
            seg[4 * s.id() + 1] = a.y();
            seg[4 * s.id() + 2] = b.x() - a.x();
            seg[4 * s.id() + 3] = b.y() - a.y();
        }
        this.grid = new StreetGrid(city, style.sidewalkWidth());
        this.signs = new SignPainter(city);
        this.trees = new TreePainter(city, junction);
    }

    public CityModel city() {
        return city;
    }

    /** The 2x2 observation grid at a geographic point for a walker facing {@code heading}. */
    public RgbImage grid(GeoPoint at, double heading, ImageSize size) {
        return grid(city.frame().x(at), city.frame().y(at), heading, size);
    }

    /** The 2x2 observation grid at metric {@code (x, y)}, views at the headings of {@link ViewGrid#headings}. */
    public RgbImage grid(double x, double y, double heading, ImageSize size) {
        List<RgbImage> views = new ArrayList<>();
        for (double h : ViewGrid.headings(heading)) {
            views.add(view(x, y, h, size.view()));
        }
        return ViewGrid.compose(views, size);
    }

    /** One square view of {@code size} pixels at metric {@code (x, y)} looking towards compass {@code heading}. */
    public RgbImage view(double x, double y, double heading, int size) {
        if (size < 8) {
            throw new IllegalArgumentException("view size must be >= 8 pixels, got " + size);
        }
        int n = size <= 320 ? 2 * size : Math.min(size, MAX_INTERNAL);
        int[] px = render(x, y, heading, n);
        if (size <= 320) {
            return RgbImage.of(size, size, Pixels.halve(px, n));
        }
        return RgbImage.of(size, size, n == size ? px : Pixels.resize(px, n, n, size));
    }

    private int[] render(double camX, double camY, double heading, int n) {
        double hr = Math.toRadians(heading);
        double fx = Math.sin(hr);
        double fy = Math.cos(hr);
        double rx = Math.cos(hr);
        double ry = -Math.sin(hr);
        double f = n / 2.0 / Math.tan(Math.toRadians(FOV) / 2);
        double cy = (n - 1) / 2.0;
        double cx = (n - 1) / 2.0;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int[] facades = near(camX, camY);
        double[] depth = new double[n];
        int[] hitFacade = new int[n];
        double[] sunDir = {Math.sin(Math.toRadians(style.sunHeading())), Math.cos(Math.toRadians(style.sunHeading()))};
        double[] hitT = new double[64];
        int[] hitF = new int[64];
        double[] hitU = new double[64];
        for (int c = 0; c < n; c++) {
            double a = (c - cx) / f;
            double dx = fx + rx * a;
            double dy = fy + ry * a;
            int hits = 0;
            for (int fi : facades) {
                Facade fa = city.facades().get(fi);
                double ex = fa.x1() - fa.x0();
                double ey = fa.y1() - fa.y0();
                double den = dx * ey - dy * ex;
                if (Math.abs(den) < 1e-12) {
                    continue;
                }
                double wx = fa.x0() - camX;
                double wy = fa.y0() - camY;
                double t = (wx * ey - wy * ex) / den;
                double s = (wx * dy - wy * dx) / den;
                if (t > 0.3 && t < MAX_DISTANCE && s >= 0 && s <= 1 && hits < hitT.length) {
                    double u = s * facadeLength[fi];
                    if (fa.buildingAt(Math.min(u, facadeLength[fi] - 1e-9)) != null) {
                        hitT[hits] = t;
                        hitF[hits] = fi;
                        hitU[hits] = u;
                        hits++;
                    }
                }
            }
            sortHits(hitT, hitF, hitU, hits);
            depth[c] = hits > 0 ? hitT[0] : Double.POSITIVE_INFINITY;
            hitFacade[c] = hits > 0 ? hitF[0] : -1;
            int top = n;
            int groundFrom = (int) Math.floor(cy) + 1;
            for (int k = 0; k < hits && top > 0; k++) {
                double z = hitT[k];
                Facade fa = city.facades().get(hitF[k]);
                double len = facadeLength[hitF[k]];
                Building b = fa.buildingAt(Math.min(hitU[k], len - 1e-9));
                int yt = Math.max(0, (int) Math.ceil(cy - f * (b.height() - CAMERA_HEIGHT) / z));
                int yb = Math.min(n - 1, (int) Math.floor(cy + f * CAMERA_HEIGHT / z));
                if (k == 0) {
                    groundFrom = yb + 1;
                }
                int end = Math.min(yb, top - 1);
                if (yt <= end) {
                    double nx = -(fa.y1() - fa.y0()) / len * fa.side().sign();
                    double ny = (fa.x1() - fa.x0()) / len * fa.side().sign();
                    // the façade faces the street: its outward normal points back towards the street centre
                    double light = 0.72 + 0.3 * Math.max(0, -(nx * sunDir[0] + ny * sunDir[1]));
                    double haze = 1 - Math.pow(0.5, z / style.hazeDistance());
                    for (int y = yt; y <= end; y++) {
                        double h = CAMERA_HEIGHT + (cy - y) * z / f;
                        int col = wall(b, hitU[k] - b.start(), h, light, hitF[k]);
                        px[y * n + c] = Pixels.mix(col, style.skyHorizon(), haze);
                    }
                    top = yt;
                }
            }
            for (int y = 0; y < Math.min(top, groundFrom); y++) {
                px[y * n + c] = y <= cy ? Pixels.mix(style.skyTop(), style.skyHorizon(), Math.pow(y / cy, 0.7))
                        : style.skyHorizon();
            }
            for (int y = Math.max(groundFrom, (int) Math.floor(cy) + 1); y < n; y++) {
                double z = CAMERA_HEIGHT * f / (y - cy);
                double gx = camX + dx * z;
                double gy = camY + dy * z;
                int col = ground(gx, gy);
                px[y * n + c] = Pixels.mix(col, style.skyHorizon(), 1 - Math.pow(0.5, z / style.hazeDistance()));
            }
        }
        signs.paint(img, camX, camY, fx, fy, rx, ry, f, cx, cy, depth, hitFacade);
        trees.paint(img, camX, camY, fx, fy, rx, ry, f, cx, cy, depth);
        return px.clone();
    }

    private int wall(Building b, double ub, double h, double light, int facadeIndex) {
        double fh = style.floorHeight();
        int base = b.color();
        int color;
        double width = b.width();
        if (ub < 0.12 || width - ub < 0.12) {
            color = Pixels.scale(base, 0.7);
        } else if (h > b.height() - 0.45) {
            color = style.trim();
        } else if (h < 0.3) {
            color = Pixels.scale(base, 0.6);
        } else if (h < fh) {
            boolean shop = b.place() >= 0 || b.variant() % 2 == 0;
            double bu = ub / width;
            if (shop && bu > 0.08 && bu < 0.92 && h > 0.35 && h < fh - 0.75) {
                boolean door = Math.abs(bu - (0.3 + 0.1 * b.variant())) < 0.06;
                color = door ? Pixels.scale(style.glass(), 0.6) : Pixels.mix(style.glass(), style.skyHorizon(), 0.25 + 0.15 * h / fh);
            } else if (shop && h >= fh - 0.75) {
                color = style.trim();
            } else {
                color = base;
            }
        } else {
            double bay = style.bay() * (1 + 0.1 * b.variant());
            int bays = Math.max(1, (int) Math.floor((width - 0.4) / bay));
            double bw = (width - 0.4) / bays;
            double bu = ((ub - 0.2) % bw + bw) % bw / bw;
            double v = ((h % fh) + fh) % fh / fh;
            double ww = style.windowWidth();
            double wh = style.windowHeight();
            boolean inX = bu > (1 - ww) / 2 && bu < (1 + ww) / 2 && ub > 0.2 && ub < width - 0.2;
            if (inX && v > 0.22 && v < 0.22 + wh) {
                double refl = 0.15 + 0.35 * (v - 0.22) / wh;
                color = Pixels.mix(style.glass(), style.skyHorizon(), (b.variant() == 3 ? 0.1 : refl));
            } else if (inX && v > 0.16 && v <= 0.22) {
                color = style.trim();
            } else {
                color = base;
            }
        }
        return Pixels.scale(color, light);
    }

    private int ground(double gx, double gy) {
        double best = Double.MAX_VALUE;
        Street bestS = null;
        double bestAlong = 0;
        double bestAcross = 0;
        for (int id : grid.candidates(gx, gy)) {
            double ax = seg[4 * id];
            double ay = seg[4 * id + 1];
            double ex = seg[4 * id + 2];
            double ey = seg[4 * id + 3];
            double len2 = ex * ex + ey * ey;
            double t = Math.max(0, Math.min(1, ((gx - ax) * ex + (gy - ay) * ey) / len2));
            double qx = ax + ex * t - gx;
            double qy = ay + ey * t - gy;
            double d = qx * qx + qy * qy;
            if (d < best) {
                best = d;
                bestS = city.streets().get(id);
                double len = streetLength[id];
                bestAlong = t * len;
                bestAcross = ((gx - ax) * -ey + (gy - ay) * ex) / len;
            }
        }
        if (bestS == null) {
            return style.sidewalk();
        }
        double dist = Math.sqrt(Math.max(0, best));
        double half = bestS.width() / 2;
        double len = streetLength[bestS.id()];
        double ja = city.degree(bestS.from()) >= 3 ? junction[bestS.from()] : 0;
        double jb = city.degree(bestS.to()) >= 3 ? junction[bestS.to()] : 0;
        boolean inJunction = bestAlong < ja || bestAlong > len - jb;
        if (dist < half) {
            boolean zebraA = ja > 0 && bestAlong > ja + 0.6 && bestAlong < ja + 3.6;
            boolean zebraB = jb > 0 && bestAlong < len - jb - 0.6 && bestAlong > len - jb - 3.6;
            if ((zebraA || zebraB) && Math.floorMod((int) Math.floor((bestAcross + 100) / 0.6), 2) == 0) {
                return style.marking() == 0xe8c547 || style.marking() == 0xf0d040 ? 0xf2f2f2 : style.marking();
            }
            if (!inJunction && Math.abs(bestAcross) < 0.12 && (bestAlong % 6) < 3 && !(zebraA || zebraB)) {
                return style.marking();
            }
            double grain = ((int) (Math.floor(bestAlong * 2) * 31 + Math.floor(bestAcross * 2) * 17) & 3) * 0.012;
            return Pixels.scale(style.asphalt(), 0.97 + grain);
        }
        if (dist < half + 0.25) {
            return Pixels.scale(style.sidewalk(), 1.12);
        }
        boolean joint = (bestAlong % 1.5) < 0.06;
        return Pixels.scale(style.sidewalk(), joint ? 0.88 : 1.0);
    }

    private int[] near(double x, double y) {
        List<Facade> all = city.facades();
        int[] out = new int[all.size()];
        int k = 0;
        for (int i = 0; i < all.size(); i++) {
            Facade fa = all.get(i);
            if (nearest(fa.x0(), fa.y0(), fa.x1(), fa.y1(), x, y)[1] < MAX_DISTANCE) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static double[] nearest(double ax, double ay, double bx, double by, double x, double y) {
        double ex = bx - ax;
        double ey = by - ay;
        double len2 = ex * ex + ey * ey;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / len2));
        return new double[] {t, Math.hypot(ax + ex * t - x, ay + ey * t - y)};
    }

    private static void sortHits(double[] t, int[] f, double[] u, int n) {
        for (int i = 1; i < n; i++) {
            double tk = t[i];
            int fk = f[i];
            double uk = u[i];
            int j = i - 1;
            while (j >= 0 && t[j] > tk) {
                t[j + 1] = t[j];
                f[j + 1] = f[j];
                u[j + 1] = u[j];
                j--;
            }
            t[j + 1] = tk;
            f[j + 1] = fk;
            u[j + 1] = uk;
        }
    }

    @Override
    public String toString() {
        return "StreetViewRenderer[" + city.name() + "]";
    }
}
