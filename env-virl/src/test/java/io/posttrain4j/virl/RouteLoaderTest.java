package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.route.RouteFormatException;
import io.posttrain4j.virl.route.RouteLoader;
import io.posttrain4j.virl.route.RouteWriter;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.RouteSampler;

class RouteLoaderTest {
    static final String ONE = VirlGoldenTest.resource("route_infos_ny_moma.json");

    @Test
    void singleRouteObjectLoads() {
        List<Route> routes = RouteLoader.parse(ONE, "ny");
        assertThat(routes).hasSize(1);
        Route r = routes.get(0);
        assertThat(r.start().name()).isEqualTo("Converse Flagship Store");
        assertThat(r.dest().name()).isEqualTo("MoMA Design Store");
        assertThat(r.geocodeList()).hasSize(3);
        assertThat(r.distanceList()).containsExactly(16, 159, 70);
        assertThat(r.landmarkList().get(1).expression()).isEqualTo("Aritzia is on your left front");
        assertThat(r.milestones().get(1).heading()).isEqualTo(212);
        assertThat(r.milestones().get(1).direction()).isEqualTo("southwest");
        assertThat(r.initHeading()).isZero();
    }

    @Test
    void listAndTrainingPairFormsLoad() {
        assertThat(RouteLoader.parse("[" + ONE + "," + ONE + "]", "list")).hasSize(2);
        assertThat(RouteLoader.parse("[[" + ONE + "," + ONE + "," + ONE + "], 3]", "train")).hasSize(3);
    }

    @Test
    void badGeocodeNamesTheRouteAndJsonPath() {
        String bad = ONE.replace("[40.72302278542454, -73.9988004045286]", "\"x\"");
        assertThat(bad).isNotEqualTo(ONE);
        assertThatThrownBy(() -> RouteLoader.parse("[" + ONE + "," + ONE + "," + ONE + "," + bad + "]", "f"))
                .isInstanceOf(RouteFormatException.class)
                .hasMessageStartingWith("route 3: route_results.geocode_list[1]: expected [lat, lng]");
    }

    @Test
    void aRouteWhosePointsRepeatIsRefusedNamingThePoint() {
        String same = ONE.replace("[40.72302278542454, -73.9988004045286]", "[40.72422891501083, -73.99779012634859]")
                .replace("[40.72271488946794, -73.99809813308585]", "[40.72422891501083, -73.99779012634859]");
        assertThat(same).isNotEqualTo(ONE);
        assertThatThrownBy(() -> RouteLoader.parse(same, "f")).isInstanceOf(RouteFormatException.class)
                .hasMessageStartingWith("route 0: route_results.geocode_list[1] [40.72422891501083,-73.99779012634859]"
                        + " repeats the point before it");
    }

    @Test
    void missingFieldsAndBadMilestonesAreNamed() {
        assertThatThrownBy(() -> RouteLoader.parse("{\"start_place\": {}}", "f"))
                .hasMessageContaining("route 0: start_place: missing field \"name\"");
        String noDest = ONE.replace("\"dest_place\"", "\"destination\"");
        assertThatThrownBy(() -> RouteLoader.parse(noDest, "f")).hasMessage("route 0: missing field \"dest_place\"");
        String badHeading = ONE.replace("212 (southwest)", "212 southwest");
        assertThatThrownBy(() -> RouteLoader.parse(badHeading, "f"))
                .hasMessageContaining("route 0: milestone_info block 2: to_next_intersection_heading");
        assertThatThrownBy(() -> RouteLoader.parse("{\"a\":", "f")).hasMessageStartingWith("f: not valid JSON");
        assertThatThrownBy(() -> RouteLoader.parse("42", "f")).hasMessageContaining("expected a route object");
    }

    @Test
    void sampledRoutesSurviveAWriteAndReadRoundTrip(@TempDir Path dir) throws Exception {
        Route r = RouteSampler.sample(CityCatalog.city("london"), new SplittableRandom(4), "london@4");
        Path file = dir.resolve("routes.json");
        RouteWriter.write(file, List.of(r));
        Route back = RouteLoader.load(dir).get(0);
        assertThat(back.milestones()).isEqualTo(r.milestones());
        assertThat(back.geocodeList()).isEqualTo(r.geocodeList());
        assertThat(back.landmarkList()).isEqualTo(r.landmarkList());
        assertThat(back.start()).isEqualTo(r.start());
        assertThat(Files.readString(file)).startsWith("[ [ {");
    }
}
