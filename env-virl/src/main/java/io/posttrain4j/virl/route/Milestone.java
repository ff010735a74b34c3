package io.posttrain4j.virl.route;

import java.util.Objects;

import io.posttrain4j.virl.geo.Geo;

/**
 * One block of a route's {@code milestone_info}: a leg and what marks its end.
 *
 * @param index the {@code intersection_idx}, counted from 1
 * @param landmarks the landmark sentence at the leg's end ({@code X is on your left front}, last leg {@code The
 *     destination X is on your left}); null when the block has no {@code landmarks} key
 * @param distance e.g. {@code 159 meters}
 * @param humanHeading the heading before the leg, as text
 * @param heading the leg's heading in whole degrees (the number of {@code to_next_intersection_heading})
 * @param direction the compass name in its parentheses, e.g. {@code northwest}: the absolute turn target
 */
public record Milestone(int index, String landmarks, String distance, String humanHeading, int heading,
        String direction) {
    public Milestone {
        Objects.requireNonNull(distance, "distance");
        Objects.requireNonNull(humanHeading, "humanHeading");
        Objects.requireNonNull(direction, "direction");
        if (!Geo.COMPASS.contains(direction)) {
            throw new IllegalArgumentException("direction must be one of " + Geo.COMPASS + ", got '" + direction + "'");
        }
    }

    /** The {@code to_next_intersection_heading} text, e.g. {@code 298 (northwest)}. */
    public String headingText() {
        return heading + " (" + direction + ")";
    }
}
