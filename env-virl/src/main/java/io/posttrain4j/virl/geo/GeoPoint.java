package io.posttrain4j.virl.geo;

/**
 * A WGS84 position in degrees, the {@code [lat, lng]} pairs of V-IRL route files.
 *
 * @param lat latitude in [-90, 90]
 * @param lng longitude in [-180, 180]
 */
public record GeoPoint(double lat, double lng) {
    public GeoPoint {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("latitude must be in [-90, 90], got " + lat);
        }
        if (!(lng >= -180 && lng <= 180)) {
            throw new IllegalArgumentException("longitude must be in [-180, 180], got " + lng);
        }
    }

    @Override
    public String toString() {
        return "[" + lat + ", " + lng + "]";
    }
}
