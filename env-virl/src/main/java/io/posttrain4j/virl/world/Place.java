package io.posttrain4j.virl.world;

import java.util.Objects;

/**
 * A named place beside a street: a shop or a sight with a sign on its building.
 *
 * @param name its display name
 * @param kind e.g. {@code cafe}, {@code museum}
 * @param street the street it faces
 * @param side the side of that street
 * @param position metres from the street's {@code from} node, along the street
 * @param x building point x (a few metres behind the front)
 * @param y building point y
 * @param streetX the street point in front of it (on the centre line) x
 * @param streetY the street point y
 */
public record Place(String name, String kind, int street, Side side, double position, double x, double y,
        double streetX, double streetY) {
    public Place {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(side, "side");
    }
}
