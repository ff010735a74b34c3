package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.virl.nav.RailPoint;

class VirlGoldenTest {
    static String resource(String name) {
        try (InputStream in = VirlGoldenTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String routeFile() {
        return VirlGoldenTest.class.getResource("/route_infos_ny_moma.json").getPath();
    }

    static VirlEnvironment env(String variant, String turnLabels) {
        return (VirlEnvironment) new VirlProvider().create(variant, Map.of("routes", routeFile(), "heading", "90",
                "dropRate", "0", "turnLabels", turnLabels, "image", "small"));
    }

    @Test
    void realRouteGivesTheReferenceInstruction() {
        VirlEnvironment e = env("virl-l", "reference");
        e.reset(1);
        assertThat(e.rail().numberedInstruction()).isEqualTo("""
                1. First, turn right to face northwest.
                2. Move forward until you reach next intersection where Prince St is on your front.
                3. Turn left to face southwest.
                4. Move forward until you reach next intersection where Aritzia is on your left front.
                5. Turn left to face southeast.
                6. Move forward until you reach destination where The destination MoMA Design Store is on your left.
                """);
    }

    @Test
    void wrappedLabelsNameTheFirstTurnByTheShortWay() {
        VirlEnvironment e = env("virl-l", "wrapped");
        e.reset(1);
        // 90 -> 298 is 208 degrees clockwise: the reference says right, the short way is left
        assertThat(e.rail().instructions().get(0)).isEqualTo("First, turn left to face northwest.");
    }

    @Test
    void realRouteRailHasTheGoldenActionsObservationsAndSentences() {
        VirlEnvironment e = env("virl-l", "reference");
        e.reset(1);
        List<RailPoint> rail = e.rail().points();
        assertThat(rail.stream().map(RailPoint::absoluteAction).toList()).containsExactly(
                "turn_direction(northwest)", "turn_direction(southwest)", "forward()", "forward()", "forward()",
                "forward()", "turn_direction(southeast)", "forward()", "forward()", "forward()", "forward()", "stop()");
        assertThat(rail.stream().map(RailPoint::relativeAction).toList()).containsExactly(
                "turn_direction(right)", "turn_direction(left)", "forward()", "forward()", "forward()",
                "forward()", "turn_direction(left)", "forward()", "forward()", "forward()", "forward()", "stop()");
        assertThat(rail.stream().map(RailPoint::oracleObservation).toList()).containsExactly(
                "No landmarks nearby; ", "Prince St is on your front; You observe an intersection",
                "No landmarks nearby; ", "No landmarks nearby; ", "No landmarks nearby; ", "No landmarks nearby; ",
                "Aritzia is on your left front; You observe an intersection", "No landmarks nearby; ",
                "No landmarks nearby; ", "No landmarks nearby; ", "No landmarks nearby; ",
                "The destination MoMA Design Store is on your left; ");
        assertThat(rail.stream().map(RailPoint::instructionIndex).toList())
                .containsExactly(1, 3, 4, 4, 4, 4, 5, 6, 6, 6, 6, 6);
        assertThat(rail.stream().map(RailPoint::heading).toList())
                .containsExactly(90, 298, 212, 212, 212, 212, 212, 120, 120, 120, 120, 120);
    }

    @Test
    void textPromptIsByteIdenticalToTheReference() {
        VirlEnvironment e = env("virl-l", "reference");
        e.reset(1);
        e.step(e.expertAnswer());
        Step s = e.step(e.expertAnswer());
        assertThat(s.observation().lastUserText()).isEqualTo(resource("golden/ny_moma_l_step3.txt"));
    }

    @Test
    void imagePromptIsByteIdenticalToTheReferenceAndCarriesTheGrid() {
        VirlEnvironment e = env("virl-vl", "reference");
        e.reset(1);
        Observation o = e.step(e.expertAnswer()).observation();
        assertThat(o.lastUserText()).isEqualTo(resource("golden/ny_moma_vl_step2.txt"));
        assertThat(o.images()).hasSize(1);
        assertThat(o.images().get(0).width()).isEqualTo(128);
    }

    @Test
    void relativePromptListsTheFourRelativeWords() {
        VirlEnvironment e = env("virl-l-rule-ood", "reference");
        Observation o = e.reset(1);
        assertThat(o.lastUserText()).isEqualTo(resource("golden/ny_moma_l_rel_step1.txt"));
        assertThat(e.expertAnswer()).contains("\"action\": \"turn_direction(right)\",");
    }

    @Test
    void expertAnswerIsInTheReferenceFormat() {
        VirlEnvironment e = env("virl-l", "reference");
        e.reset(1);
        e.step(e.expertAnswer());
        assertThat(e.expertAnswer()).isEqualTo("""
                {
                  "current observation": "Prince St is on my front; I observe an intersection",
                  "current instruction": "Turn left to face southwest.",
                  "action": "turn_direction(southwest)",
                }""");
    }

    @Test
    void expertFinishesTheRealRouteWithSuccess() {
        VirlEnvironment e = env("virl-l", "reference");
        e.reset(1);
        Step s;
        int steps = 0;
        do {
            s = e.step(e.expertAnswer());
            steps++;
        } while (!s.done());
        assertThat(steps).isEqualTo(12);
        assertThat(s.terminated()).isTrue();
        assertThat(s.success()).isTrue();
        assertThat(e.episodeMetrics().get("success").rate()).isEqualTo(1.0);
        assertThat(e.episodeMetrics().get("step_accuracy").rate()).isEqualTo(1.0);
    }
}
