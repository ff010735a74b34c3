package io.posttrain4j.virl.geo;

import java.util.Objects;

/**
 * A flat metric frame around an origin: x east, y north, in metres. Conversions are exact inverses of each other
 * and agree with {@link Geo#distance} to first order, so street geometry built in metres stays on its streets
 * once expressed as [lat, lng].
 */
public final class LocalFrame {
    private final GeoPoint origin;
    private final double mLat;
    private final double mLng;

    public LocalFrame(GeoPoint origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.mLat = Geo.metresPerDegreeLat(origin.lat());
        this.mLng = Geo.metresPerDegreeLng(origin.lat());
    }

    public GeoPoint origin() {
        return origin;
    }

    /** East offset in metres of {@code p}. */
    public double x(GeoPoint p) {
        return (p.lng() - origin.lng()) * mLng;
    }

    /** North offset in metres of {@code p}. */
    public double y(GeoPoint p) {
        return (p.lat() - origin.lat()) * mLat;
    }

    /** The geographic point at {@code (x, y)} metres from the origin. */
    public GeoPoint toGeo(double x, double y) {
        return new GeoPoint(origin.lat() + y / mLat, origin.lng() + x / mLng);
    }
}
