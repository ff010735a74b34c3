package io.posttrain4j.virl.nav;

import java.util.Objects;

import io.posttrain4j.virl.geo.GeoPoint;

/**
 * A state the walker can occupy on the expert rail, with what is true there.
 *
 * @param kind start, forward point, turning point or destination
 * @param geocode the position
 * @param heading the heading the walker has on arrival (whole degrees)
 * @param absoluteAction the correct action in the absolute space, e.g. {@code turn_direction(north)}
 * @param relativeAction the correct action in the relative space, e.g. {@code turn_direction(slightly left)}
 * @param landmarkText the oracle landmark text, e.g. {@code Aritzia is on your left front} or {@code No landmarks
 *     nearby}: the "true landmark text" the verifier compares with
 * @param intersection whether the oracle says "You observe an intersection" here
 * @param instruction the sentence of the instruction being executed here (without its number)
 * @param instructionIndex that sentence's number, from 1
 * @param leg the leg this point belongs to (0 for the start)
 */
public record RailPoint(Kind kind, GeoPoint geocode, int heading, String absoluteAction, String relativeAction,
        String landmarkText, boolean intersection, String instruction, int instructionIndex, int leg) {
    /** The kinds of rail points. */
    public enum Kind {
        START,
        FORWARD,
        TURN,
        DESTINATION
    }

    public RailPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(geocode, "geocode");
        Objects.requireNonNull(absoluteAction, "absoluteAction");
        Objects.requireNonNull(relativeAction, "relativeAction");
        Objects.requireNonNull(landmarkText, "landmarkText");
        Objects.requireNonNull(instruction, "instruction");
    }

    /** The correct action in {@code space}. */
    public String action(ActionSpace space) {
        return space == ActionSpace.ABSOLUTE ? absoluteAction : relativeAction;
    }

    /** The reference's oracle observation: {@code landmark + "; " + ("You observe an intersection" or "")}. */
    public String oracleObservation() {
        return landmarkText + "; " + (intersection ? Rail.INTERSECTION : "");
    }
}
