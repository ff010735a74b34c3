package io.posttrain4j.virl.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.route.RouteFormatException;

/**
 * Real street-view panoramas of a route-set folder, laid out as the reference's offline mode keeps them:
 * {@code street_views/<pano>.jpg} (equirectangular), {@code street_views/<pano>.metadata.json} with the
 * panorama's {@code rotation}, and a geocode-to-panorama mapping {@code street_views/gps_to_pano.json}, a JSON list
 * of {@code {"geocode": [lat, lng], "pano_id": "<pano>"}} (the reference pickles a dict of the same pairs).
 * A point uses the nearest panorama within {@link #MAPPING_RADIUS} metres, as the reference relocates points.
 *
 * <p>Thread-safe: a small cache of decoded panoramas is synchronised.
 */
public final class PanoramaStore {
    /** The sub-folder of a route set that holds panoramas. */
    public static final String FOLDER = "street_views";
    /** The mapping file inside {@link #FOLDER}. */
    public static final String MAPPING = "gps_to_pano.json";
    /** Farthest a panorama may be from the point it stands for, metres (the reference's MAPPING_RADIUS). */
    public static final double MAPPING_RADIUS = 20;

    private record Entry(GeoPoint geocode, String pano) {}

    private final Path dir;
    private final List<Entry> entries;
    private final Map<String, RgbImage> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RgbImage> eldest) {
            return size() > 4;
        }
    };

    private PanoramaStore(Path dir, List<Entry> entries) {
        this.dir = dir;
        this.entries = List.copyOf(entries);
    }

    /** The panoramas of route-set folder {@code routeSet}, if it has a {@code street_views/gps_to_pano.json}. */
    public static Optional<PanoramaStore> open(Path routeSet) {
        Path dir = routeSet.resolve(FOLDER);
        Path mapping = dir.resolve(MAPPING);
        if (!Files.isRegularFile(mapping)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(mapping.toFile());
        } catch (IOException e) {
            throw new RouteFormatException(mapping + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new RouteFormatException(mapping + ": expected a list of {\"geocode\": [lat, lng], \"pano_id\": ...}");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            JsonNode g = e.path("geocode");
            if (!g.isArray() || g.size() != 2 || !g.get(0).isNumber() || !g.get(1).isNumber()) {
                throw new RouteFormatException(mapping.getFileName() + "[" + i + "].geocode: expected [lat, lng], got " + g);
            }
            if (!e.path("pano_id").isTextual()) {
                throw new RouteFormatException(mapping.getFileName() + "[" + i + "].pano_id: expected a string");
            }
            entries.add(new Entry(new GeoPoint(g.get(0).asDouble(), g.get(1).asDouble()), e.get("pano_id").asText()));
        }
        return Optional.of(new PanoramaStore(dir, entries));
    }

    /** The id of the panorama nearest to {@code at} within {@link #MAPPING_RADIUS}, if any. */
    public Optional<String> nearest(GeoPoint at) {
        Entry best = null;
        double bestD = MAPPING_RADIUS;
        for (Entry e : entries) {
            double d = Geo.distance(at, e.geocode());
            if (d < bestD) {
                bestD = d;
                best = e;
            }
        }
        return Optional.ofNullable(best).map(Entry::pano);
    }

    /** The four grid views at {@code at}, cut from its panorama, or empty when none is near. */
    public Optional<List<RgbImage>> views(GeoPoint at, double heading, int size) {
        Optional<String> id = nearest(at);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        RgbImage pano = panorama(id.get());
        double rotation = rotation(id.get());
        int crop = Math.min(size, 640);
        List<RgbImage> views = new ArrayList<>();
        for (double h : ViewGrid.headings(heading)) {
            RgbImage v = EquirectProjection.perspective(pano, StreetViewRenderer.FOV, Geo.normalize(h), 0, crop, crop, rotation);
            if (crop != size) {
                int[] px = new int[crop * crop];
                for (int y = 0; y < crop; y++) {
                    for (int x = 0; x < crop; x++) {
                        px[y * crop + x] = v.rgb(x, y);
                    }
                }
                v = RgbImage.of(size, size, Pixels.resize(px, crop, crop, size));
            }
            views.add(v);
        }
        return Optional.of(views);
    }

    private synchronized RgbImage panorama(String id) {
        RgbImage img = cache.get(id);
        if (img == null) {
            try {
                img = RgbImage.read(dir.resolve(id + ".jpg"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read panorama " + dir.resolve(id + ".jpg"), e);
            }
            cache.put(id, img);
        }
        return img;
    }

    private double rotation(String id) {
        Path meta = dir.resolve(id + ".metadata.json");
        try {
            JsonNode n = new ObjectMapper().readTree(meta.toFile());
            if (!n.path("rotation").isNumber()) {
                throw new RouteFormatException(meta.getFileName() + ": rotation: expected degrees");
            }
            return n.get("rotation").asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read panorama metadata " + meta, e);
        }
    }
}
