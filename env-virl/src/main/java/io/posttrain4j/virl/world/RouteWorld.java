package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.geo.LocalFrame;
import io.posttrain4j.virl.route.Landmark;
import io.posttrain4j.virl.route.Route;

/**
 * A small city built around a route that has no panoramas (a real V-IRL route offline): one straight street
 * along every leg, run on 60 m past both ends so that each turning point is a crossing, parallel streets a block
 * (90 m) away on both sides so that the route runs between blocks of buildings, the route's landmarks,
 * start and destination as named places at their geocodes, and the rest filled in the look and names of a
 * given city. Deterministic.
 */
public final class RouteWorld {
    /** How far streets run on beyond the route's points, metres. */
    public static final double RUN_ON = 60;
    /** Distance to the parallel streets laid a block away from each leg, metres. */
    public static final double BLOCK = 90;

    private RouteWorld() {}

    /** The world around {@code route}, styled like {@code look}. */
    public static CityModel of(Route route, CitySpec look) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(look, "look");
        LocalFrame frame = new LocalFrame(route.start().relocatedGeocode());
        List<GeoPoint> stops = new ArrayList<>();
        stops.add(route.start().relocatedGeocode());
        stops.addAll(route.geocodeList());
        List<double[]> segments = new ArrayList<>();
        double extent = 100;
        for (int i = 0; i + 1 < stops.size(); i++) {
            double ax = frame.x(stops.get(i));
            double ay = frame.y(stops.get(i));
            double bx = frame.x(stops.get(i + 1));
            double by = frame.y(stops.get(i + 1));
            double len = Math.hypot(bx - ax, by - ay);
            if (len < 1) {
                continue;
            }
            double ux = (bx - ax) / len;
            double uy = (by - ay) / len;
            segments.add(new double[] {ax - ux * RUN_ON, ay - uy * RUN_ON, bx + ux * RUN_ON, by + uy * RUN_ON});
            // a street a block away on either side, so the route runs through blocks rather than open ground
            for (int side = -1; side <= 1; side += 2) {
                double ox = -uy * BLOCK * side;
                double oy = ux * BLOCK * side;
                segments.add(new double[] {ax - ux * RUN_ON + ox, ay - uy * RUN_ON + oy, bx + ux * RUN_ON + ox,
                    by + uy * RUN_ON + oy});
            }
            extent = Math.max(extent, Math.max(Math.max(Math.abs(ax), Math.abs(ay)), Math.max(Math.abs(bx), Math.abs(by))));
        }
        List<CityGenerator.FixedPlace> fixed = new ArrayList<>();
        for (Landmark l : route.landmarkList()) {
            if (l != null) {
                fixed.add(new CityGenerator.FixedPlace(l.place().name(), frame.x(l.place().geocode()), frame.y(l.place().geocode())));
            }
        }
        fixed.add(new CityGenerator.FixedPlace(route.dest().name(), frame.x(route.dest().geocode()), frame.y(route.dest().geocode())));
        fixed.add(new CityGenerator.FixedPlace(route.start().name(), frame.x(route.start().geocode()), frame.y(route.start().geocode())));
        return CityGenerator.build("route:" + route.id(), frame, look.style(), look.names(), segments, fixed,
                extent + RUN_ON + BLOCK + 10, look.seed() ^ route.id().hashCode());
    }
}
