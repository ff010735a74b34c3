package io.posttrain4j.virl.world;

import java.util.Objects;

import io.posttrain4j.virl.geo.GeoPoint;

/**
 * Everything that defines a procedural city: where it is, how its streets run, how it looks and how things are
 * named. {@link CityGenerator#generate} turns a spec into a {@link CityModel}, deterministically from {@code seed}.
 *
 * @param name id, e.g. {@code nyc-train} or {@code milan}
 * @param role what the city stands for in the study, e.g. "training city (New York)"
 * @param origin geographic position of the city's (0, 0)
 * @param layout street pattern
 * @param style look
 * @param names naming
 * @param seed the generator's seed
 */
public record CitySpec(String name, String role, GeoPoint origin, StreetLayout layout, CityStyle style,
        CityNames names, long seed) {
    public CitySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(names, "names");
    }
}
