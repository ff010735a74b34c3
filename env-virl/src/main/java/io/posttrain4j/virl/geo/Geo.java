package io.posttrain4j.virl.geo;

import java.util.List;

/**
 * Geodesy and compass helpers with the reference's conventions: headings in degrees, 0 = north, clockwise;
 * distances in metres.
 *
 * <p>Distances use a local ellipsoidal approximation (WGS84 meridional and prime-vertical radii at the mean
 * latitude) instead of the reference's full geodesic: on the street-scale legs of a route the two agree to well
 * under a millimetre per metre, which keeps the 5 m and 8 m rail thresholds where the reference puts them.
 */
public final class Geo {
    /** The eight compass names in heading order (0, 45, ..., 315), as the reference lists them. */
    public static final List<String> COMPASS = List.of(
            "north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest");
    /** The eight relative directions in heading order, as the reference's {@code DIRECTION_SET}. */
    public static final List<String> RELATIVE = List.of(
            "front", "right front", "right", "right behind", "behind", "left behind", "left", "left front");

    static final double WGS84_A = 6378137.0;
    static final double WGS84_E2 = 6.69437999014e-3;

    private Geo() {}

    /** Metres per degree of latitude at {@code latDeg}. */
    public static double metresPerDegreeLat(double latDeg) {
        double s = Math.sin(Math.toRadians(latDeg));
        double w = 1 - WGS84_E2 * s * s;
        return Math.toRadians(1) * WGS84_A * (1 - WGS84_E2) / (w * Math.sqrt(w));
    }

    /** Metres per degree of longitude at {@code latDeg}. */
    public static double metresPerDegreeLng(double latDeg) {
        double s = Math.sin(Math.toRadians(latDeg));
        return Math.toRadians(1) * WGS84_A / Math.sqrt(1 - WGS84_E2 * s * s) * Math.cos(Math.toRadians(latDeg));
    }

    /** Distance in metres between two nearby points. */
    public static double distance(GeoPoint a, GeoPoint b) {
        double mid = (a.lat() + b.lat()) / 2;
        double dy = (b.lat() - a.lat()) * metresPerDegreeLat(mid);
        double dx = (b.lng() - a.lng()) * metresPerDegreeLng(mid);
        return Math.hypot(dx, dy);
    }

    /** Initial great-circle bearing from {@code a} to {@code b} in [0, 360), the reference's formula. */
    public static double bearing(GeoPoint a, GeoPoint b) {
        double lat1 = Math.toRadians(a.lat());
        double lat2 = Math.toRadians(b.lat());
        double dLng = Math.toRadians(b.lng() - a.lng());
        double x = Math.sin(dLng) * Math.cos(lat2);
        double y = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLng);
        return (Math.toDegrees(Math.atan2(x, y)) + 360) % 360;
    }

    /** The point {@code i/n} of the way from {@code a} to {@code b}, linear in degrees as the reference does. */
    public static GeoPoint interpolate(GeoPoint a, GeoPoint b, int i, int n) {
        double t = (double) i / n;
        return new GeoPoint(a.lat() * (1 - t) + b.lat() * t, a.lng() * (1 - t) + b.lng() * t);
    }

    /** Smallest absolute angle between two headings, in [0, 180]. */
    public static double headingDifference(double h1, double h2) {
        double d = Math.abs(h1 - h2) % 360;
        return d > 180 ? 360 - d : d;
    }

    /** Index of the 45-degree bin nearest to {@code heading}; ties go to the lower index (numpy's argmin). */
    public static int nearestBin(double heading) {
        int best = 0;
        double bestDiff = Double.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            double d = Math.abs(i * 45.0 - heading);
            if (d > 180) {
                d = 360 - d;
            }
            if (d < bestDiff) {
                bestDiff = d;
                best = i;
            }
        }
        return best;
    }

    /** The compass name nearest to {@code heading} (degrees in [0, 360)), e.g. 298 -> northwest. */
    public static String compass(double heading) {
        return COMPASS.get(nearestBin(normalize(heading)));
    }

    /** The heading of a compass name, e.g. northwest -> 315. */
    public static int compassHeading(String name) {
        int i = COMPASS.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown compass direction '" + name + "'; known: " + COMPASS);
        }
        return i * 45;
    }

    /**
     * Where a thing at bearing {@code headingTo} lies for an agent facing {@code agentHeading}, e.g.
     * "left front": the nearest 45-degree bin of the difference (the reference's spatial relation).
     */
    public static String spatialRelation(double agentHeading, double headingTo) {
        return RELATIVE.get(nearestBin(normalize(headingTo - agentHeading)));
    }

    /** {@code h} mapped into [0, 360). */
    public static double normalize(double h) {
        double r = h % 360;
        return r < 0 ? r + 360 : r;
    }
}
