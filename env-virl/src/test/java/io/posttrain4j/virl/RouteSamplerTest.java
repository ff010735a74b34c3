package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Step;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.nav.RailPoint;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.RouteSampler;

class RouteSamplerTest {
    @Test
    void everySampledRouteInEveryCityIsSolvedByItsExpertInBothActionSpaces() {
        for (String city : CityCatalog.names()) {
            for (String variant : List.of("virl-l", "virl-l-rule-ood")) {
                VirlEnvironment e = (VirlEnvironment) new VirlProvider().create(variant, Map.of("city", city));
                for (long seed = 0; seed < 25; seed++) {
                    e.reset(seed);
                    Step s;
                    int steps = 0;
                    do {
                        s = e.step(e.expertAnswer());
                        assertThat(s.reward()).as(city + " seed " + seed).isEqualTo(1.0);
                        steps++;
                    } while (!s.done() && steps < 100);
                    assertThat(s.success()).as(city + " seed " + seed).isTrue();
                }
            }
        }
    }

    @Test
    void routesHaveOneToThreeTurnsBoundedLegsAndLandmarksNearTheirTurns() {
        Set<Integer> turnCounts = new HashSet<>();
        for (String name : CityCatalog.names()) {
            CityModel city = CityCatalog.city(name);
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 20; i++) {
                Route r = RouteSampler.sample(city, random.split(), name + i);
                int turns = r.geocodeList().size() - 1;
                turnCounts.add(turns);
                assertThat(turns).isBetween(1, 3);
                assertThat(r.landmarkList()).hasSize(turns);
                assertThat(r.initHeading()).isZero();
                GeoPoint prev = r.start().relocatedGeocode();
                for (GeoPoint p : r.geocodeList()) {
                    assertThat(Geo.distance(prev, p)).isBetween(RouteSampler.MIN_LEG - 1, RouteSampler.MAX_LEG + 1);
                    prev = p;
                }
                for (int k = 0; k < turns; k++) {
                    if (r.landmarkList().get(k) != null) {
                        assertThat(Geo.distance(r.geocodeList().get(k), r.landmarkList().get(k).place().geocode()))
                                .isLessThan(RouteSampler.LANDMARK_RADIUS + 1);
                        assertThat(r.milestones().get(k).landmarks()).endsWith("is on your " + r.landmarkList().get(k).spatialRelation());
                    }
                }
                assertThat(r.milestones().get(turns).landmarks()).startsWith("The destination " + r.dest().name() + " is on your ");
            }
        }
        assertThat(turnCounts).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void samplingIsDeterministicAndCitiesDiffer() {
        Route a = RouteSampler.sample(CityCatalog.city("milan"), new SplittableRandom(3), "m");
        Route b = RouteSampler.sample(CityCatalog.city("milan"), new SplittableRandom(3), "m");
        assertThat(a).isEqualTo(b);
        Set<Integer> sizes = new HashSet<>();
        for (String name : CityCatalog.names()) {
            sizes.add(CityCatalog.city(name).streets().size());
            assertThat(CityCatalog.city(name).places().size()).isGreaterThan(40);
        }
        assertThat(sizes.size()).isGreaterThan(7);
        // chains repeat across cities, local names do not
        assertThat(CityCatalog.city("milan").placeNames()).contains("Corner Bean Coffee");
        assertThat(CityCatalog.city("lagos").placeNames()).contains("Corner Bean Coffee");
        assertThat(CityCatalog.city("lagos").placeNames()).noneMatch(n -> n.startsWith("Trattoria"));
    }

    @Test
    void forwardPointsLieOnTheLegBetweenItsEnds() {
        VirlEnvironment e = (VirlEnvironment) new VirlProvider().create("virl-l", Map.of("dropRate", "0"));
        e.reset(9);
        List<RailPoint> rail = e.rail().points();
        for (int i = 1; i + 1 < rail.size(); i++) {
            RailPoint p = rail.get(i);
            if (p.kind() == RailPoint.Kind.FORWARD) {
                assertThat(p.absoluteAction()).isEqualTo("forward()");
                assertThat(p.landmarkText()).isEqualTo("No landmarks nearby");
            }
        }
        assertThat(rail.get(rail.size() - 1).absoluteAction()).isEqualTo("stop()");
    }
}
