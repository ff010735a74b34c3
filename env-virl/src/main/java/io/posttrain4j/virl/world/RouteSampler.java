package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.route.Landmark;
import io.posttrain4j.virl.route.Milestone;
import io.posttrain4j.virl.route.PlaceRecord;
import io.posttrain4j.virl.route.Route;

/**
 * Draws routes on a {@link CityModel} the way V-IRL's collector shapes them: from a named place to another, with 1
 * to 3 turning points at intersections, every leg one street segment (so "the next intersection" is the turning
 * point), turns between 30 and 150 degrees, legs of at most {@link #MAX_LEG} metres, a landmark chosen at most
 * turning points among the places around the intersection ({@code "X is on your left front"}) and the
 * destination expression ({@code "The destination X is on your left"}). The result is the same {@link Route} type
 * that {@link RouteLoader} reads, with {@code init_heading} 0 (a random heading at every reset).
 *
 * <p>Deterministic: equal cities and equal random streams give equal routes. Thread-safe (stateless).
 */
public final class RouteSampler {
    /** Longest leg in metres. */
    public static final double MAX_LEG = 320;
    /** Shortest leg in metres, long enough that forward points can exist on it. */
    public static final double MIN_LEG = 20;
    /** Places within this distance of a turning point can be its landmark. */
    public static final double LANDMARK_RADIUS = 40;
    /** Probability that a turning point gets a landmark. */
    public static final double LANDMARK_PROBABILITY = 0.85;

    private RouteSampler() {}

    /**
     * A route of {@code city}.
     *
     * @param id the route's label
     * @throws IllegalStateException when the city has no route of this shape (too small or too sparse)
     */
    public static Route sample(CityModel city, SplittableRandom random, String id) {
        Objects.requireNonNull(city, "city");
        for (int attempt = 0; attempt < 500; attempt++) {
            Route r = attempt(city, random, id);
            if (r != null) {
                return r;
            }
        }
        throw new IllegalStateException("city " + city.name() + " yielded no route in 500 attempts; it needs named places"
                + " on streets between intersections of 3 or more streets");
    }

    private static Route attempt(CityModel city, SplittableRandom random, String id) {
        List<Place> places = city.places();
        if (places.size() < 2) {
            return null;
        }
        int turns = 1 + random.nextInt(3);
        Place start = places.get(random.nextInt(places.size()));
        Street s0 = city.streets().get(start.street());
        boolean towardTo = random.nextBoolean();
        int node = towardTo ? s0.to() : s0.from();
        double first = towardTo ? city.length(s0.id()) - start.position() : start.position();
        if (first < MIN_LEG || first > MAX_LEG || city.degree(node) < 3) {
            return null;
        }
        List<Integer> turnNodes = new ArrayList<>();
        List<Double> arrivals = new ArrayList<>();
        double heading = city.heading(s0.id(), towardTo ? s0.from() : s0.to());
        int street = s0.id();
        Place dest = null;
        for (int k = 1; k <= turns; k++) {
            turnNodes.add(node);
            arrivals.add(heading);
            List<Integer> options = new ArrayList<>();
            for (int e : city.incident(node)) {
                if (e == street) {
                    continue;
                }
                double h = city.heading(e, node);
                double turn = Geo.headingDifference(h, heading);
                double len = city.length(e);
                if (turn < 30 || turn > 150 || len < MIN_LEG || len > MAX_LEG) {
                    continue;
                }
                int far = city.streets().get(e).other(node);
                if (k < turns && (city.degree(far) < 3 || turnNodes.contains(far))) {
                    continue;
                }
                options.add(e);
            }
            if (options.isEmpty()) {
                return null;
            }
            int e = options.get(random.nextInt(options.size()));
            heading = city.heading(e, node);
            street = e;
            if (k == turns) {
                dest = destination(city, e, node, start, random);
                if (dest == null) {
                    return null;
                }
            } else {
                node = city.streets().get(e).other(node);
            }
        }
        return build(city, id, start, dest, turnNodes, random);
    }

    private static Place destination(CityModel city, int street, int fromNode, Place start, SplittableRandom random) {
        Street s = city.streets().get(street);
        double len = city.length(street);
        List<Place> candidates = new ArrayList<>();
        for (Place p : city.places()) {
            if (p.street() != street || p == start) {
                continue;
            }
            double along = fromNode == s.from() ? p.position() : len - p.position();
            if (along >= MIN_LEG && along <= len - 8) {
                candidates.add(p);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static Route build(CityModel city, String id, Place start, Place dest, List<Integer> turnNodes,
            SplittableRandom random) {
        PlaceRecord startRec = record(city, start);
        PlaceRecord destRec = record(city, dest);
        List<GeoPoint> stops = new ArrayList<>();
        for (int n : turnNodes) {
            Intersection i = city.intersections().get(n);
            stops.add(city.geo(i.x(), i.y()));
        }
        stops.add(destRec.relocatedGeocode());
        List<Integer> distances = new ArrayList<>();
        List<Landmark> landmarks = new ArrayList<>();
        List<Milestone> milestones = new ArrayList<>();
        GeoPoint prev = startRec.relocatedGeocode();
        int previousHeading = 0;
        List<String> sentences = new ArrayList<>();
        for (int k = 0; k < stops.size(); k++) {
            GeoPoint here = stops.get(k);
            int heading = (int) Math.round(Geo.bearing(prev, here)) % 360;
            int metres = (int) Math.round(Geo.distance(prev, here));
            distances.add(metres);
            String text;
            if (k < turnNodes.size()) {
                Landmark l = random.nextDouble() < LANDMARK_PROBABILITY
                        ? landmark(city, turnNodes.get(k), heading, start, dest, random) : null;
                landmarks.add(l);
                text = l == null ? null : l.expression();
            } else {
                String rel = Geo.spatialRelation(heading, Geo.bearing(here, destRec.geocode()));
                text = "The destination " + dest.name() + " is on your " + rel;
            }
            milestones.add(new Milestone(k + 1, text, metres + " meters", String.valueOf(previousHeading), heading,
                    Geo.compass(heading)));
            sentences.add((k == 0 ? "Head " : "Then head ") + Geo.compass(heading) + " for about " + metres + " meters"
                    + (text == null ? "." : ", where " + text + "."));
            previousHeading = heading;
            prev = here;
        }
        return new Route(id, startRec, destRec, stops, distances, landmarks, 0, String.join(" ", sentences), milestones);
    }

    private static Landmark landmark(CityModel city, int node, int arrivalHeading, Place start, Place dest,
            SplittableRandom random) {
        Intersection i = city.intersections().get(node);
        List<Place> near = new ArrayList<>();
        for (Place p : city.places()) {
            if (p != start && p != dest && city.incident(node).contains(p.street())
                    && Math.hypot(p.x() - i.x(), p.y() - i.y()) <= LANDMARK_RADIUS) {
                near.add(p);
            }
        }
        if (near.isEmpty()) {
            return null;
        }
        Place p = near.get(random.nextInt(near.size()));
        GeoPoint at = city.geo(i.x(), i.y());
        String rel = Geo.spatialRelation(arrivalHeading, Geo.bearing(at, city.geo(p.x(), p.y())));
        return new Landmark(record(city, p), rel, p.name() + " is on your " + rel);
    }

    private static PlaceRecord record(CityModel city, Place p) {
        return new PlaceRecord(p.name(), city.geo(p.x(), p.y()), city.geo(p.streetX(), p.streetY()));
    }
}
