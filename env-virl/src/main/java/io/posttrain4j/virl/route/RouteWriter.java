package io.posttrain4j.virl.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.virl.geo.GeoPoint;

/**
 * Writes routes in the V-IRL format that {@link RouteLoader} reads back (the fields navigation uses), so sampled
 * route sets can be saved, shared and fed to the reference tooling. Thread-safe.
 */
public final class RouteWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RouteWriter() {}

    /** One route as a JSON object. */
    public static ObjectNode toJson(Route r) {
        ObjectNode o = JSON.createObjectNode();
        o.set("start_place", place(r.start()));
        o.set("dest_place", place(r.dest()));
        ObjectNode rr = o.putObject("route_results");
        ArrayNode gl = rr.putArray("geocode_list");
        r.geocodeList().forEach(g -> gl.add(point(g)));
        ArrayNode dl = rr.putArray("distance_list");
        r.distanceList().forEach(dl::add);
        rr.put("n_landmarks", r.landmarkList().stream().filter(java.util.Objects::nonNull).count());
        ArrayNode ll = rr.putArray("landmark_list");
        for (Landmark l : r.landmarkList()) {
            if (l == null) {
                ll.addNull();
            } else {
                ObjectNode p = place(l.place());
                p.put("spatial_relation", l.spatialRelation());
                p.put("expression", l.expression());
                ll.add(p);
            }
        }
        o.put("init_heading", r.initHeading());
        o.put("instruction", r.instruction());
        o.put("milestone_info", MilestoneText.format(r.milestones()));
        return o;
    }

    /** The {@code [routes, n]} training-file form. */
    public static String toTrainingFile(List<Route> routes) {
        ArrayNode pair = JSON.createArrayNode();
        ArrayNode list = pair.addArray();
        routes.forEach(r -> list.add(toJson(r)));
        pair.add(routes.size());
        try {
            return JSON.writeValueAsString(pair);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the {@code [routes, n]} form atomically. */
    public static void write(Path file, List<Route> routes) {
        try {
            AtomicFiles.writeString(file, toTrainingFile(routes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write routes to " + file, e);
        }
    }

    private static ObjectNode place(PlaceRecord p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", p.name());
        o.set("geocode", point(p.geocode()));
        o.set("relocated_geocode", point(p.relocatedGeocode()));
        return o;
    }

    private static ArrayNode point(GeoPoint g) {
        ArrayNode a = JSON.createArrayNode();
        a.add(g.lat());
        a.add(g.lng());
        return a;
    }
}
