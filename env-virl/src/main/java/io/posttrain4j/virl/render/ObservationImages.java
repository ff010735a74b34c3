package io.posttrain4j.virl.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.nav.RailPoint;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.RouteWorld;

/**
 * The V-IRL-VL observation image at a rail point: cut from the route set's panoramas when the folder has them
 * and one is within 20 m, otherwise rendered from the city the route is in (procedural routes) or from the world
 * built around the fixed route ({@link RouteWorld}). Renderers are kept per city and for the 16 most recently
 * used fixed routes. Thread-safe.
 */
public final class ObservationImages {
    private final ImageSize size;
    private final Optional<PanoramaStore> panoramas;
    private final Map<String, StreetViewRenderer> renderers = new ConcurrentHashMap<>();
    /** Worlds around fixed routes, the most recently used few only: a training file may hold a thousand routes. */
    private final Map<Integer, StreetViewRenderer> routeWorlds = new java.util.LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, StreetViewRenderer> eldest) {
            return size() > 16;
        }
    };

    /**
     * @param size the grid's and each view's size
     * @param routeFolder the route set's folder (panoramas are looked for there), or null for procedural routes
     */
    public ObservationImages(ImageSize size, Path routeFolder) {
        this.size = size;
        this.panoramas = routeFolder == null ? Optional.empty() : PanoramaStore.open(routeFolder);
    }

    /** The 2x2 grid for a walker at {@code p} on {@code route} ({@code routeIndex} -1 for sampled routes). */
    public RgbImage grid(Route route, int routeIndex, String city, RailPoint p) {
        if (panoramas.isPresent()) {
            Optional<List<RgbImage>> views = panoramas.get().views(p.geocode(), p.heading(), size.view());
            if (views.isPresent()) {
                return ViewGrid.compose(views.get(), size);
            }
        }
        StreetViewRenderer r;
        if (routeIndex < 0) {
            r = renderers.computeIfAbsent(city, c -> new StreetViewRenderer(CityCatalog.city(c)));
        } else {
            synchronized (routeWorlds) {
                r = routeWorlds.computeIfAbsent(routeIndex,
                        k -> new StreetViewRenderer(RouteWorld.of(route, CityCatalog.spec(city))));
            }
        }
        return r.grid(p.geocode(), Geo.normalize(p.heading()), size);
    }
}
