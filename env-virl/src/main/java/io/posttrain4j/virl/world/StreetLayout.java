package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a city's streets are laid out, as long named polylines that {@link CityGenerator} cuts into a street graph
 * where they cross.
 *
 * @param kind the pattern
 * @param angle rotation of the pattern in degrees (counter-clockwise from east)
 * @param spacingA distance between streets of the first family (or ring spacing), metres
 * @param spacingB distance between streets of the second family (or number of spokes for radial layouts)
 * @param jitter random displacement of polyline vertices, metres
 * @param extent half size of the city square, metres
 */
public record StreetLayout(Kind kind, double angle, double spacingA, double spacingB, double jitter, double extent) {
    /** The layout patterns. */
    public enum Kind {
        /** Two families of parallel straight streets. */
        GRID,
        /** A grid crossed by two diagonal avenues. */
        DIAGONAL,
        /** Three families of parallel streets at 60 degrees (a triangular lattice of roundabout-free junctions). */
        TRIANGULAR,
        /** Concentric rings crossed by spokes. */
        RADIAL,
        /** A grid whose streets wander and break off. */
        IRREGULAR
    }

    public StreetLayout {
        if (!(spacingA > 20) || !(spacingB > 2) || !(extent > 100) || jitter < 0) {
            throw new IllegalArgumentException("bad layout spacing " + spacingA + "/" + spacingB + ", jitter " + jitter
                    + ", extent " + extent);
        }
    }

    /** A named polyline. */
    public record Line(String family, int index, List<double[]> points) {}

    /** The polylines of this layout; {@code random} drives the jitter and breaks. */
    public List<Line> lines(SplittableRandom random) {
        List<Line> out = new ArrayList<>();
        double e = extent;
        switch (kind) {
            case GRID, IRREGULAR -> {
                parallel(out, "a", angle, spacingA, e, random);
                parallel(out, "b", angle + 90, spacingB, e, random);
            }
            case DIAGONAL -> {
                parallel(out, "a", angle, spacingA, e, random);
                parallel(out, "b", angle + 90, spacingB, e, random);
                out.add(line("d", 0, angle + 45, 0, e, random));
                out.add(line("d", 1, angle - 45, spacingA * 0.5, e, random));
            }
            case TRIANGULAR -> {
                parallel(out, "a", angle, spacingA, e, random);
                parallel(out, "b", angle + 60, spacingA, e, random);
                parallel(out, "c", angle + 120, spacingA, e, random);
            }
            case RADIAL -> {
                int spokes = (int) Math.round(spacingB);
                for (int s = 0; s < spokes; s++) {
                    double a = Math.toRadians(angle + 360.0 * s / spokes);
                    List<double[]> pts = new ArrayList<>();
                    for (double r = spacingA * 0.6; r <= e * 1.3; r += spacingA) {
                        pts.add(new double[] {r * Math.cos(a) + jit(random), r * Math.sin(a) + jit(random)});
                    }
                    out.add(new Line("s", s, pts));
                }
                int ring = 0;
                for (double r = spacingA; r <= e; r += spacingA, ring++) {
                    List<double[]> pts = new ArrayList<>();
                    int n = Math.max(12, (int) (2 * Math.PI * r / 40));
                    for (int i = 0; i <= n; i++) {
                        double a = 2 * Math.PI * i / n;
                        pts.add(new double[] {r * Math.cos(a), r * Math.sin(a)});
                    }
                    out.add(new Line("r", ring, pts));
                }
            }
            default -> throw new IllegalStateException("unknown layout " + kind);
        }
        return out;
    }

    private void parallel(List<Line> out, String family, double deg, double spacing, double e, SplittableRandom random) {
        int n = (int) Math.floor(e * 1.42 / spacing);
        for (int i = -n; i <= n; i++) {
            out.add(line(family, i + n, deg, i * spacing, e, random));
        }
    }

    private Line line(String family, int index, double deg, double offset, double e, SplittableRandom random) {
        double a = Math.toRadians(deg);
        double dx = Math.cos(a);
        double dy = Math.sin(a);
        List<double[]> pts = new ArrayList<>();
        double step = kind == Kind.IRREGULAR ? 45 : 2 * e;
        for (double t = -1.5 * e; t <= 1.5 * e + 1e-6; t += step) {
            pts.add(new double[] {t * dx - offset * dy + jit(random), t * dy + offset * dx + jit(random)});
        }
        return new Line(family, index, pts);
    }

    private double jit(SplittableRandom random) {
        return jitter == 0 ? 0 : (random.nextDouble() * 2 - 1) * jitter;
    }
}
