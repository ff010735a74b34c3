package io.posttrain4j.virl.route;

import java.util.Objects;

/**
 * The landmark of a turning point: a place and how it lies from the walker arriving there.
 *
 * @param place the place
 * @param spatialRelation one of the eight relative directions, e.g. {@code left front}
 * @param expression the sentence used in instructions, e.g. {@code Aritzia is on your left front}
 */
public record Landmark(PlaceRecord place, String spatialRelation, String expression) {
    public Landmark {
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(spatialRelation, "spatialRelation");
        Objects.requireNonNull(expression, "expression");
    }
}
