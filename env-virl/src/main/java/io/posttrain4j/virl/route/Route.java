package io.posttrain4j.virl.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.virl.geo.GeoPoint;

/**
 * One navigation task in the V-IRL route format, as loaded from a route file or drawn by {@code world.RouteSampler}.
 *
 * @param id a label for messages (file and index, or city and seed)
 * @param start the start place; the walk starts at its relocated geocode
 * @param dest the destination place
 * @param geocodeList the turning points, then the destination's street point
 * @param distanceList leg lengths in metres as the route service reported them (informative)
 * @param landmarkList one landmark or null per turning point
 * @param initHeading the heading at the start; 0 means a random heading at every reset
 * @param instruction the free-text instruction (unused by the protocol, kept for audits)
 * @param milestones one block per leg, same length as {@code geocodeList}
 */
public record Route(String id, PlaceRecord start, PlaceRecord dest, List<GeoPoint> geocodeList,
        List<Integer> distanceList, List<Landmark> landmarkList, int initHeading, String instruction,
        List<Milestone> milestones) {
    public Route {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(dest, "dest");
        geocodeList = List.copyOf(geocodeList);
        distanceList = List.copyOf(distanceList);
        landmarkList = Collections.unmodifiableList(new ArrayList<>(landmarkList));
        Objects.requireNonNull(instruction, "instruction");
        milestones = List.copyOf(milestones);
        if (geocodeList.isEmpty()) {
            throw new IllegalArgumentException("route " + id + ": geocode_list is empty; it needs at least the destination");
        }
        if (milestones.size() != geocodeList.size()) {
            throw new IllegalArgumentException("route " + id + ": milestone_info has " + milestones.size()
                    + " blocks but geocode_list has " + geocodeList.size() + " points; one block per leg is expected");
        }
        if (initHeading < 0 || initHeading >= 360) {
            throw new IllegalArgumentException("route " + id + ": init_heading must be in [0, 360), got " + initHeading);
        }
    }

    /** Number of legs (turning points + 1). */
    public int legs() {
        return geocodeList.size();
    }
}
