package io.posttrain4j.virl;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.prompt.PromptStyle;
import io.posttrain4j.virl.render.ImageSize;
import io.posttrain4j.virl.route.Route;

/**
 * The settings of a {@link VirlEnvironment}.
 *
 * @param actionSpace absolute (in distribution) or relative (rule OOD)
 * @param vision whether observations carry the 2x2 street-view image (V-IRL-VL) or text only (V-IRL-L)
 * @param cities procedural cities routes are sampled in (one drawn per reset); ignored when {@code routes} is set
 * @param routes fixed routes (one drawn per reset), or an empty list to sample routes in {@code cities}
 * @param routeFolder the folder the routes came from (for {@code street_views/} panoramas), or null
 * @param styleCity the city whose look renders the worlds built around fixed routes
 * @param heading the start heading override in [0, 360), or -1 to use the route's ({@code 0} there = random)
 * @param dropRate probability of dropping each forward point (0.5 in the reference)
 * @param forwardPoints candidate forward points per leg (5 in the reference)
 * @param verifyIter scored attempts per rail point (2 in the reference)
 * @param prompt prompt and answer style
 * @param image observation image size
 * @param turnLabels relative turn labelling
 */
public record VirlConfig(ActionSpace actionSpace, boolean vision, List<String> cities, List<Route> routes,
        Path routeFolder, String styleCity, int heading, double dropRate, int forwardPoints, int verifyIter,
        PromptStyle prompt, ImageSize image, TurnLabels turnLabels) {
    public VirlConfig {
        Objects.requireNonNull(actionSpace, "actionSpace");
        cities = List.copyOf(cities);
        routes = List.copyOf(routes);
        Objects.requireNonNull(styleCity, "styleCity");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(turnLabels, "turnLabels");
        if (cities.isEmpty() && routes.isEmpty()) {
            throw new IllegalArgumentException("need at least one city or one route");
        }
        if (heading < -1 || heading >= 360) {
            throw new IllegalArgumentException("heading must be in [0, 360) or -1 for the route's, got " + heading);
        }
        if (!(dropRate >= 0 && dropRate <= 1)) {
            throw new IllegalArgumentException("dropRate must be in [0, 1], got " + dropRate);
        }
        if (forwardPoints < 1 || verifyIter < 1) {
            throw new IllegalArgumentException("forwardPoints and verifyIter must be >= 1, got " + forwardPoints + ", " + verifyIter);
        }
    }
}
