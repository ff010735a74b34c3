package io.posttrain4j.virl.nav;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.route.Milestone;
import io.posttrain4j.virl.route.Route;

/**
 * The numbered instruction and the expert rail of one episode, built as the reference's
 * {@code _parse_instruction_and_rail} builds them.
 *
 * <p>Instruction: per leg {@code "First, turn {rel} to face {abs}."} (later legs {@code "Turn ..."}; the last leg
 * always {@code "Turn ..."}) then {@code "Move forward until you reach next intersection where {landmark}."}
 * ({@code "... next intersection."} without a landmark; last leg {@code "... destination where {landmark}."}).
 * {@code rel} labels the turn from the previous heading (the start heading for the first leg).
 *
 * <p>Rail: the start (turn to the first leg), then per leg longer than 5 m up to {@code forwardPoints} evenly spaced
 * points at fractions {@code i/n}, i = 1..n, each dropped with probability {@code dropRate} and kept only when
 * more than 8 m from both ends of the leg, then the leg's end: a turning point, or the destination ({@code stop()}).
 * One uniform draw is consumed per candidate point whatever the drop rate, so equal seeds give equal rails.
 *
 * @param instructions the sentences, unnumbered
 * @param points the rail, start first, destination last
 */
public record Rail(List<String> instructions, List<RailPoint> points) {
    /** The oracle text at turning points and at the destination. */
    public static final String INTERSECTION = "You observe an intersection";
    /** The oracle text at forward points and at the start. */
    public static final String NO_LANDMARKS = "No landmarks nearby";
    /** The reference's default when a milestone has no landmark (singular, unlike {@link #NO_LANDMARKS}). */
    public static final String NO_LANDMARK = "No landmark nearby";
    /** Legs this long or shorter get no forward points. */
    public static final double MIN_LEG_METRES = 5;
    /** Forward points closer than this to a leg end are not kept. */
    public static final double END_CLEARANCE_METRES = 8;

    public Rail {
        instructions = List.copyOf(instructions);
        points = List.copyOf(points);
    }

    /** The instruction as the prompt shows it: {@code "1. ...\n2. ...\n"}. */
    public String numberedInstruction() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < instructions.size(); i++) {
            sb.append(i + 1).append(". ").append(instructions.get(i)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Builds the rail of {@code route} for a walker starting with {@code startHeading}.
     *
     * @param dropRate probability in [0, 1] of dropping each forward point (0.5 in the reference)
     * @param forwardPoints candidate forward points per leg (5 in the reference)
     * @param labels how relative turns are named
     * @param random the episode's stream for drops
     */
    public static Rail build(Route route, int startHeading, double dropRate, int forwardPoints, TurnLabels labels,
            SplittableRandom random) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(labels, "labels");
        if (!(dropRate >= 0 && dropRate <= 1)) {
            throw new IllegalArgumentException("dropRate must be in [0, 1], got " + dropRate);
        }
        if (forwardPoints < 1) {
            throw new IllegalArgumentException("forwardPoints must be >= 1, got " + forwardPoints);
        }
        List<Milestone> ms = route.milestones();
        List<String> sentences = new ArrayList<>();
        List<String> landmarks = new ArrayList<>();
        List<String> absolute = new ArrayList<>();
        List<String> relative = new ArrayList<>();
        List<Integer> headings = new ArrayList<>();
        headings.add(startHeading);
        int previous = startHeading;
        for (int idx = 0; idx < ms.size(); idx++) {
            Milestone m = ms.get(idx);
            String landmark = m.landmarks() != null ? m.landmarks() : NO_LANDMARK;
            landmarks.add(landmark);
            headings.add(m.heading());
            String rel = labels.label(previous, m.heading());
            previous = m.heading();
            absolute.add("turn_direction(" + m.direction() + ")");
            relative.add("turn_direction(" + rel + ")");
            if (idx == ms.size() - 1) {
                sentences.add("Turn " + rel + " to face " + m.direction() + ".");
                sentences.add("Move forward until you reach destination where " + landmark + ".");
            } else {
                sentences.add((idx == 0 ? "First, turn" : "Turn") + " " + rel + " to face " + m.direction() + ".");
                sentences.add(landmark.equals(NO_LANDMARK)
                        ? "Move forward until you reach next intersection."
                        : "Move forward until you reach next intersection where " + landmark + ".");
            }
        }
        landmarks.add(0, NO_LANDMARKS);
        absolute.add("stop()");
        relative.add("stop()");

        List<GeoPoint> stops = new ArrayList<>();
        stops.add(route.start().relocatedGeocode());
        stops.addAll(route.geocodeList());
        List<RailPoint> rail = new ArrayList<>();
        GeoPoint prev = stops.get(0);
        int instructionIdx = 0;
        for (int idx = 0; idx < stops.size(); idx++) {
            GeoPoint here = stops.get(idx);
            double distance = Geo.distance(prev, here);
            if (distance > MIN_LEG_METRES) {
                for (int i = 0; i < forwardPoints; i++) {
                    boolean dropped = random.nextDouble() < dropRate;
                    if (dropped) {
                        continue;
                    }
                    GeoPoint p = Geo.interpolate(prev, here, i + 1, forwardPoints);
                    if (Geo.distance(prev, p) > END_CLEARANCE_METRES && Geo.distance(here, p) > END_CLEARANCE_METRES) {
                        rail.add(new RailPoint(RailPoint.Kind.FORWARD, p, headings.get(idx), "forward()", "forward()",
                                NO_LANDMARKS, false, sentences.get(instructionIdx), instructionIdx + 1, idx));
                    }
                }
                instructionIdx++;
            }
            boolean last = idx == stops.size() - 1;
            if (last) {
                // stop() shares the sentence of the last "Move forward ..." as in the reference
                instructionIdx--;
            }
            int sentence = Math.max(0, Math.min(instructionIdx, sentences.size() - 1));
            RailPoint.Kind kind = idx == 0 ? RailPoint.Kind.START : last ? RailPoint.Kind.DESTINATION : RailPoint.Kind.TURN;
            rail.add(new RailPoint(kind, here, headings.get(idx), absolute.get(idx), relative.get(idx),
                    landmarks.get(idx), idx != 0 && !last, sentences.get(sentence), sentence + 1, idx));
            instructionIdx++;
            prev = here;
        }
        return new Rail(sentences, rail);
    }
}
