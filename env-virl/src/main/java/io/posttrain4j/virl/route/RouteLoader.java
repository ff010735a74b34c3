package io.posttrain4j.virl.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.virl.geo.GeoPoint;

/**
 * Loads routes in the real V-IRL format: a single route object, a JSON list of routes, or the {@code [routes, n]}
 * pair of a training file. A folder is read through its {@code routes.json}.
 *
 * <p>Malformed input fails with a {@link RouteFormatException} naming the route and the JSON path of the field,
 * e.g. {@code route 3: route_results.geocode_list[1]: expected [lat, lng], got "x"}. Stateless and thread-safe.
 */
public final class RouteLoader {
    /** The route file inside a route-set folder. */
    public static final String FOLDER_ROUTES = "routes.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteLoader() {}

    /** Reads the routes of a file, or of {@code <folder>/routes.json}. */
    public static List<Route> load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FOLDER_ROUTES) : path;
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read route file " + file, e);
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * Parses route JSON text.
     *
     * @param source a label for ids and messages (usually the file name)
     */
    public static List<Route> parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RouteFormatException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new RouteFormatException(source + ": empty file; expected a route object, a list of routes or [routes, n]");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isObject()) {
            nodes.add(root);
        } else if (root.isArray() && root.size() > 0 && root.get(0).isArray()) {
            // the training files of the reference: [list_of_routes, number_of_routes]
            if (root.size() != 2 || !root.get(1).isIntegralNumber()) {
                throw new RouteFormatException(source + ": a training file must be [routes, n] with n an integer");
            }
            root.get(0).forEach(nodes::add);
        } else if (root.isArray()) {
            root.forEach(nodes::add);
        } else {
            throw new RouteFormatException(source + ": expected a route object, a list of routes or [routes, n], got "
                    + root.getNodeType().toString().toLowerCase());
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            routes.add(route(nodes.get(i), "route " + i, source + "#" + i));
        }
        if (routes.isEmpty()) {
            throw new RouteFormatException(source + ": the file holds no routes");
        }
        return routes;
    }

    private static Route route(JsonNode n, String where, String id) {
        if (!n.isObject()) {
            throw new RouteFormatException(where + ": expected a route object, got " + n.getNodeType().toString().toLowerCase());
        }
        PlaceRecord start = place(field(n, "start_place", where), where, "start_place");
        PlaceRecord dest = place(field(n, "dest_place", where), where, "dest_place");
        JsonNode rr = field(n, "route_results", where);
        JsonNode gl = field(rr, "geocode_list", where + ": route_results");
        if (!gl.isArray()) {
            throw new RouteFormatException(where + ": route_results.geocode_list: expected a list of [lat, lng]");
        }
        List<GeoPoint> geocodes = new ArrayList<>();
        for (int i = 0; i < gl.size(); i++) {
            GeoPoint p = point(gl.get(i), where + ": route_results.geocode_list[" + i + "]");
            if (i > 0 && p.equals(geocodes.get(i - 1))) {
                // a leg of length zero has no direction to walk: the route's milestones cannot be followed
                throw new RouteFormatException(where + ": route_results.geocode_list[" + i + "] " + gl.get(i)
                        + " repeats the point before it; consecutive points must differ (each one ends a leg)");
            }
            geocodes.add(p);
        }
        List<Integer> distances = new ArrayList<>();
        JsonNode dl = rr.path("distance_list");
        if (dl.isArray()) {
            for (int i = 0; i < dl.size(); i++) {
                if (!dl.get(i).isNumber()) {
                    throw new RouteFormatException(where + ": route_results.distance_list[" + i + "]: expected metres, got " + dl.get(i));
                }
                distances.add(dl.get(i).asInt());
            }
        }
        List<Landmark> landmarks = new ArrayList<>();
        JsonNode ll = rr.path("landmark_list");
        if (ll.isArray()) {
            for (int i = 0; i < ll.size(); i++) {
                JsonNode l = ll.get(i);
                String lw = "route_results.landmark_list[" + i + "]";
                if (l.isNull()) {
                    landmarks.add(null);
                    continue;
                }
                PlaceRecord p = place(l, where, lw);
                landmarks.add(new Landmark(p, text(l, "spatial_relation", where + ": " + lw, ""),
                        text(l, "expression", where + ": " + lw, "")));
            }
        }
        int initHeading = 0;
        JsonNode ih = n.path("init_heading");
        if (!ih.isMissingNode() && !ih.isNull()) {
            if (!ih.isNumber() || ih.asDouble() < 0 || ih.asDouble() >= 360) {
                throw new RouteFormatException(where + ": init_heading: expected degrees in [0, 360), got " + ih);
            }
            initHeading = (int) ih.asDouble();
        }
        JsonNode mi = field(n, "milestone_info", where);
        if (!mi.isTextual()) {
            throw new RouteFormatException(where + ": milestone_info: expected a string of {...} blocks, got "
                    + mi.getNodeType().toString().toLowerCase());
        }
        List<Milestone> milestones = MilestoneText.parse(mi.asText(), where);
        if (milestones.size() != geocodes.size()) {
            throw new RouteFormatException(where + ": milestone_info has " + milestones.size()
                    + " blocks but route_results.geocode_list has " + geocodes.size() + " points; one block per leg is expected");
        }
        String instruction = n.path("instruction").isTextual() ? n.path("instruction").asText() : "";
        return new Route(id, start, dest, geocodes, distances, landmarks, initHeading, instruction, milestones);
    }

    private static PlaceRecord place(JsonNode p, String where, String path) {
        if (!p.isObject()) {
            throw new RouteFormatException(where + ": " + path + ": expected a place object, got " + p.getNodeType().toString().toLowerCase());
        }
        String name = text(p, "name", where + ": " + path, null);
        GeoPoint geocode = point(field(p, "geocode", where + ": " + path), where + ": " + path + ".geocode");
        JsonNode rel = p.path("relocated_geocode");
        GeoPoint relocated = rel.isMissingNode() || rel.isNull() ? null
                : point(rel, where + ": " + path + ".relocated_geocode");
        return new PlaceRecord(name, geocode, relocated);
    }

    private static GeoPoint point(JsonNode v, String path) {
        if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
            throw new RouteFormatException(path + ": expected [lat, lng], got " + v);
        }
        try {
            return new GeoPoint(v.get(0).asDouble(), v.get(1).asDouble());
        } catch (IllegalArgumentException e) {
            throw new RouteFormatException(path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new RouteFormatException(where + ": missing field \"" + key + "\"");
        }
        return v;
    }

    private static String text(JsonNode n, String key, String where, String fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw new RouteFormatException(where + ": missing field \"" + key + "\"");
        }
        if (!v.isTextual()) {
            throw new RouteFormatException(where + "." + key + ": expected a string, got " + v);
        }
        return v.asText();
    }
}
