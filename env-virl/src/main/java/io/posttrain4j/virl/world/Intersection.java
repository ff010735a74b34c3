package io.posttrain4j.virl.world;

/**
 * A street-graph node in the city's metric frame.
 *
 * @param id index in {@link CityModel#intersections()}
 * @param x metres east of the city origin
 * @param y metres north of the city origin
 */
public record Intersection(int id, double x, double y) {
    public Intersection {
        if (id < 0 || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("bad intersection " + id + " at (" + x + ", " + y + ")");
        }
    }
}
