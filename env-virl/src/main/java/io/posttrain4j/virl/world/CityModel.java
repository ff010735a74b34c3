package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.geo.LocalFrame;

/**
 * An immutable city: a street graph in a metric frame (intersections, straight street segments), the façades and
 * buildings along the streets, and the named places in them. Coordinates are metres east (x) and north (y) of
 * {@link #frame()}'s origin; headings are compass degrees (0 north, clockwise). Thread-safe.
 */
public final class CityModel {
    private final String name;
    private final LocalFrame frame;
    private final CityStyle style;
    private final List<Intersection> intersections;
    private final List<Street> streets;
    private final List<Facade> facades;
    private final List<Place> places;
    private final List<List<Integer>> incident;

    public CityModel(String name, LocalFrame frame, CityStyle style, List<Intersection> intersections,
            List<Street> streets, List<Facade> facades, List<Place> places) {
        this.name = Objects.requireNonNull(name, "name");
        this.frame = Objects.requireNonNull(frame, "frame");
        this.style = Objects.requireNonNull(style, "style");
        this.intersections = List.copyOf(intersections);
        this.streets = List.copyOf(streets);
        this.facades = List.copyOf(facades);
        this.places = List.copyOf(places);
        List<List<Integer>> inc = new ArrayList<>();
        for (int i = 0; i < this.intersections.size(); i++) {
            if (this.intersections.get(i).id() != i) {
                throw new IllegalArgumentException("intersection ids must be their indices, got " + this.intersections.get(i).id() + " at " + i);
            }
            inc.add(new ArrayList<>());
        }
        for (Street s : this.streets) {
            if (s.from() >= inc.size() || s.to() >= inc.size()) {
                throw new IllegalArgumentException("street " + s.id() + " refers to a missing intersection");
            }
            inc.get(s.from()).add(s.id());
            inc.get(s.to()).add(s.id());
        }
        this.incident = inc.stream().map(List::copyOf).toList();
    }

    public String name() {
        return name;
    }

    public LocalFrame frame() {
        return frame;
    }

    public CityStyle style() {
        return style;
    }

    public List<Intersection> intersections() {
        return intersections;
    }

    public List<Street> streets() {
        return streets;
    }

    public List<Facade> facades() {
        return facades;
    }

    public List<Place> places() {
        return places;
    }

    /** Ids of the streets meeting at {@code node}. */
    public List<Integer> incident(int node) {
        return incident.get(node);
    }

    /** Number of streets meeting at {@code node}. */
    public int degree(int node) {
        return incident.get(node).size();
    }

    /** Length of street {@code id} in metres. */
    public double length(int id) {
        Street s = streets.get(id);
        Intersection a = intersections.get(s.from());
        Intersection b = intersections.get(s.to());
        return Math.hypot(b.x() - a.x(), b.y() - a.y());
    }

    /** Compass heading of street {@code id} walked away from node {@code fromNode}. */
    public double heading(int id, int fromNode) {
        Street s = streets.get(id);
        Intersection a = intersections.get(fromNode);
        Intersection b = intersections.get(s.other(fromNode));
        return compassHeading(b.x() - a.x(), b.y() - a.y());
    }

    /** Compass heading of a metric direction. */
    public static double compassHeading(double dx, double dy) {
        double h = Math.toDegrees(Math.atan2(dx, dy));
        return h < 0 ? h + 360 : h;
    }

    /** The geographic point of metric {@code (x, y)}. */
    public GeoPoint geo(double x, double y) {
        return frame.toGeo(x, y);
    }

    /** Names of all places, in order. */
    public List<String> placeNames() {
        return places.stream().map(Place::name).toList();
    }

    @Override
    public String toString() {
        return "CityModel[" + name + ": " + intersections.size() + " intersections, " + streets.size() + " streets, "
                + places.size() + " places]";
    }
}
