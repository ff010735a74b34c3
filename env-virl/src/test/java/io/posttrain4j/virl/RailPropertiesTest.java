package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.Rail;
import io.posttrain4j.virl.nav.RailPoint;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.RouteSampler;

class RailPropertiesTest {
    @Property(tries = 60)
    void railStartsTurnsAndStopsWithForwardPointsClearOfLegEnds(@ForAll @IntRange(min = 0, max = 9) int cityIndex,
            @ForAll @LongRange(min = 0, max = 100_000) long seed, @ForAll @IntRange(min = 0, max = 359) int heading,
            @ForAll @DoubleRange(min = 0, max = 1) double dropRate) {
        String name = CityCatalog.names().get(cityIndex);
        Route route = RouteSampler.sample(CityCatalog.city(name), new SplittableRandom(seed), name);
        Rail rail = Rail.build(route, heading, dropRate, 5, TurnLabels.WRAPPED, new SplittableRandom(seed));
        List<RailPoint> points = rail.points();
        assertThat(points.get(0).kind()).isEqualTo(RailPoint.Kind.START);
        assertThat(points.get(points.size() - 1).absoluteAction()).isEqualTo("stop()");
        assertThat(points.stream().filter(p -> p.kind() == RailPoint.Kind.TURN)).hasSize(route.legs() - 1);
        assertThat(rail.instructions()).hasSize(2 * route.legs());
        for (RailPoint p : points) {
            assertThat(p.instructionIndex()).isBetween(1, rail.instructions().size());
            if (p.kind() == RailPoint.Kind.FORWARD) {
                assertThat(p.landmarkText()).isEqualTo(Rail.NO_LANDMARKS);
                assertThat(p.intersection()).isFalse();
            } else if (p.kind() == RailPoint.Kind.TURN) {
                assertThat(p.intersection()).isTrue();
                assertThat(TurnLabels.WORDS).contains(p.relativeAction().substring(15, p.relativeAction().length() - 1));
                assertThat(Geo.COMPASS).contains(p.absoluteAction().substring(15, p.absoluteAction().length() - 1));
            }
        }
        // forward points keep their distance from the two ends of their leg
        List<io.posttrain4j.virl.geo.GeoPoint> ends = new java.util.ArrayList<>();
        ends.add(route.start().relocatedGeocode());
        ends.addAll(route.geocodeList());
        for (RailPoint p : points) {
            if (p.kind() == RailPoint.Kind.FORWARD) {
                assertThat(Geo.distance(p.geocode(), ends.get(p.leg() - 1))).isGreaterThan(Rail.END_CLEARANCE_METRES);
                assertThat(Geo.distance(p.geocode(), ends.get(p.leg()))).isGreaterThan(Rail.END_CLEARANCE_METRES);
            }
        }
    }
}
