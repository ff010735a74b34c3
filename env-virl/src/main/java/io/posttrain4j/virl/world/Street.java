package io.posttrain4j.virl.world;

import java.util.Objects;

/**
 * A street segment between two intersections (one graph edge), straight, with its name and width.
 *
 * @param id index in {@link CityModel#streets()}
 * @param from start node id
 * @param to end node id
 * @param name street name, e.g. {@code Via Torino}
 * @param width carriageway width in metres (sidewalks come on top)
 */
public record Street(int id, int from, int to, String name, double width) {
    public Street {
        Objects.requireNonNull(name, "name");
        if (from == to) {
            throw new IllegalArgumentException("street " + id + " is a loop at node " + from);
        }
        if (!(width > 0)) {
            throw new IllegalArgumentException("street width must be positive, got " + width);
        }
    }

    /** The other end of this street from node {@code node}. */
    public int other(int node) {
        return node == from ? to : from;
    }
}
