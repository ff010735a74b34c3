package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.Place;
import io.posttrain4j.virl.prompt.Prompts;

class VirlCorpusTest {
    private final Corpora corpora = Corpora.discover();

    @Test
    void orientationDocumentsAreRightAndNoneIsANavigationTask() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl/turns,virl/headings,virl/compass"), Map.of(), 4);
        Map<String, Integer> counts = new HashMap<>();
        for (long i = 0; i < 6_000; i++) {
            Document d = c.document(i);
            counts.merge(d.family(), 1, Integer::sum);
            String q = d.prompt().lastUserText();
            for (ActionSpace space : ActionSpace.values()) {
                assertThat(q).doesNotContain(space.compactBlock()).doesNotContain("[Action space]")
                        .doesNotContain("turn_direction");
            }
            if (d.family().equals("virl/turns")) {
                int from = Geo.compassHeading(q.substring(9, q.indexOf(" and ")));
                String turn = q.substring(q.indexOf(" and ") + 5, q.indexOf(". Which"));
                int by = switch (turn) {
                    case "turn left" -> -90;
                    case "turn right" -> 90;
                    case "turn slightly left" -> -45;
                    case "turn slightly right" -> 45;
                    default -> 180;
                };
                assertThat(d.answer()).as(q).isEqualTo(Geo.COMPASS.get(Math.floorMod(from + by, 360) / 45));
            } else if (d.family().equals("virl/headings")) {
                int from = Geo.compassHeading(q.substring(9, q.indexOf(" and ")));
                int to = Geo.compassHeading(q.substring(q.indexOf("to face ") + 8, q.indexOf(". Which")));
                assertThat(from).isNotEqualTo(to);
                assertThat(d.answer()).isEqualTo(TurnLabels.WRAPPED.label(from, to));
                assertThat(TurnLabels.WORDS).contains(d.answer());
            }
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder("virl/turns", "virl/headings", "virl/compass");
    }

    /** The absolute listings of {@code navigationListings=varied}: names, letters, degrees. */
    private static final List<List<String>> COMPASS_LISTINGS = List.of(Geo.COMPASS,
            List.of("N", "NE", "E", "SE", "S", "SW", "W", "NW"),
            List.of("0", "45", "90", "135", "180", "225", "270", "315"));

    @ParameterizedTest
    @CsvSource({"compact,study,action", "reference,study,action", "compact,varied,expert",
            "reference,varied,expert"})
    void noDocumentIsARuleOodOrVisualOodNavigationTask(String style, String navigationListings, String actionsAnswer) {
        // navigation-images at a quarter weight: each of its documents renders street views, and about 120 of them
        // per case hold the invariants as well as 400 would
        Corpus c = corpora.mixture(corpora.parseMixture(
                        "virl/instructions,virl/actions,virl/navigation,virl/navigation-images=0.25,virl/views"),
                Map.of("virl", Map.of("prompt", style, "navigationListings", navigationListings, "actionsAnswer",
                        actionsAnswer)), 9);
        boolean compact = style.equals("compact");
        Map<String, Integer> counts = new HashMap<>();
        Set<String> cities = new TreeSet<>();
        Map<ActionSpace, Integer> listings = new EnumMap<>(ActionSpace.class);
        String relative = compact ? ActionSpace.RELATIVE.compactBlock() : ActionSpace.RELATIVE.referenceBlock();
        String absolute = compact ? ActionSpace.ABSOLUTE.compactBlock() : ActionSpace.ABSOLUTE.referenceBlock();
        List<String> trainingPlaces = CityCatalog.city(CityCatalog.TRAINING).places().stream().map(Place::name).toList();
        int destinations = 0;
        for (long i = 0; i < 2_000; i++) {
            Document d = c.document(i);
            counts.merge(d.family(), 1, Integer::sum);
            assertThat(d.prompt().messages()).hasSize(1);
            String q = d.prompt().lastUserText();
            boolean template = q.contains("\nO1: ") || q.contains("[Observations and actions");
            if (template) {
                // the navigation template: only the in-distribution variants (text, or the street views of
                // virl-vl), in the training city
                assertThat(d.family()).as(q).isIn("virl/navigation", "virl/navigation-images");
                List<String> absolutes = COMPASS_LISTINGS.stream().map(words -> compact
                        ? "forward() | turn_direction(" + String.join("|", words) + ") | stop()"
                        : absolute.replace(String.join("', '", Geo.COMPASS), String.join("', '", words))).toList();
                assertThat(q).containsAnyOf(absolutes.toArray(String[]::new)).doesNotContain(relative);
                assertThat(d.prompt().images()).hasSize(d.family().equals("virl/navigation") ? 0 : 1);
                for (String line : q.lines().toList()) {
                    int at = line.indexOf(compact ? "go to destination: " : "reach destination where The destination ");
                    if (at >= 0) {
                        String rest = line.substring(line.indexOf(compact ? ": " : "The destination ") + (compact ? 2 : 16));
                        assertThat(trainingPlaces).as(line).anyMatch(rest::startsWith);
                        destinations++;
                    }
                }
            }
            if (q.contains(relative)) {
                assertThat(d.family()).as(q).isEqualTo("virl/actions");
                assertThat(q).doesNotContain("1. ").doesNotContain("O1: ").doesNotContain("[Observations");
            }
            switch (d.family()) {
                case "virl/navigation", "virl/navigation-images" -> {
                    assertThat(template).as(q).isTrue();
                    assertThat(d.answer()).doesNotContainPattern("turn_direction\\((left|right|slightly)");
                }
                case "virl/actions" -> {
                    ActionSpace space = q.contains(relative) ? ActionSpace.RELATIVE : ActionSpace.ABSOLUTE;
                    assertThat(q).contains(space == ActionSpace.RELATIVE ? relative : absolute);
                    listings.merge(space, 1, Integer::sum);
                    String first = q.substring(0, q.indexOf('\n'));
                    // "turn right to northwest" in either style's sentence, once compacted
                    String ins = Prompts.compactSentence(first.substring(first.indexOf(": ") + 2));
                    String action = d.answer();
                    if (actionsAnswer.equals("expert")) {
                        // the navigation answer's form, the sentence's number as the question shows it
                        String k = first.substring(first.indexOf(' ') + 1, first.indexOf(": "));
                        assertThat(d.answer()).as(q).contains(compact ? "\nins: " + k + "\nact: " : "\"action\": ");
                        action = compact ? d.answer().substring(d.answer().indexOf("act: ") + 5)
                                : d.answer().replaceAll("(?s).*\"action\": \"([^\"]*)\".*", "$1");
                    }
                    if (action.startsWith("turn_direction(")) {
                        String word = space == ActionSpace.RELATIVE
                                ? ins.substring("turn ".length(), ins.indexOf(" to "))
                                : ins.substring(ins.indexOf(" to ") + 4);
                        assertThat(action).as(q).isEqualTo("turn_direction(" + word + ")");
                    } else {
                        assertThat(action).as(q).isIn("forward()", "stop()");
                        assertThat(ins).startsWith("go to ");
                    }
                }
                case "virl/instructions" -> {
                    String last = q.substring(q.lastIndexOf('\n') + 1);
                    int k = Integer.parseInt(last.split(" ")[1]);
                    String line = q.lines().filter(l -> l.startsWith(k + ". ")).findFirst().orElseThrow();
                    String sentence = Prompts.compactSentence(line.substring(line.indexOf(". ") + 2));
                    if (q.endsWith("turns which way?")) {
                        assertThat(sentence).as(q).startsWith("turn " + d.answer() + " to ");
                        assertThat(TurnLabels.WORDS).contains(d.answer());
                    } else if (q.endsWith("faces which direction?")) {
                        assertThat(sentence).as(q).endsWith(" to " + d.answer());
                        assertThat(Geo.COMPASS).contains(d.answer());
                    } else {
                        assertThat(q).endsWith("goes to?");
                        assertThat(sentence).isEqualTo("go to " + d.answer());
                    }
                }
                case "virl/views" -> {
                    assertThat(d.prompt().images()).hasSize(1);
                    if (q.endsWith("Which city?")) {
                        cities.add(d.answer());
                    }
                }
                default -> throw new AssertionError(d.family());
            }
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder("virl/instructions", "virl/actions", "virl/navigation",
                "virl/navigation-images", "virl/views");
        assertThat(cities).containsExactlyInAnyOrderElementsOf(CityCatalog.names());
        assertThat(listings.keySet()).containsExactlyInAnyOrder(ActionSpace.values());
        assertThat(destinations).isGreaterThan(100);
    }

    @Test
    void viewsOfTheTrainingCityOnlyWhenAsked() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl/views"), Map.of("virl", Map.of("viewCities", "training")), 2);
        for (long i = 0; i < 60; i++) {
            Document d = c.document(i);
            if (d.prompt().lastUserText().endsWith("Which city?")) {
                assertThat(d.answer()).isEqualTo(CityCatalog.TRAINING);
            }
        }
    }

    @Test
    void theActionsOptionFixesTheListing() {
        for (String space : List.of("absolute", "relative")) {
            Corpus c = corpora.mixture(corpora.parseMixture("virl/actions"), Map.of("virl", Map.of("actions", space)), 3);
            ActionSpace want = space.equals("relative") ? ActionSpace.RELATIVE : ActionSpace.ABSOLUTE;
            for (long i = 0; i < 200; i++) {
                assertThat(c.document(i).prompt().lastUserText()).contains(want.compactBlock());
            }
        }
    }

    @Test
    void navigationAnswersFollowTheInstruction() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl/navigation"), Map.of(), 5);
        Set<String> acts = new TreeSet<>();
        for (long i = 0; i < 300; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            assertThat(q).startsWith("1. ").contains("acts: " + ActionSpace.ABSOLUTE.compactBlock() + "\n");
            String[] answer = d.answer().split("\n");
            assertThat(answer).hasSize(3);
            String now = q.substring(q.lastIndexOf("\nO") + 1);
            assertThat(answer[0]).isEqualTo("obs: " + now.substring(now.indexOf(": ") + 2, now.length() - 1));
            int k = Integer.parseInt(answer[1].substring("ins: ".length()));
            String sentence = q.lines().filter(l -> l.startsWith(k + ". ")).findFirst().orElseThrow();
            String act = answer[2].substring("act: ".length());
            if (act.startsWith("turn_direction(")) {
                assertThat(sentence).as(q).endsWith(" to " + act.substring(15, act.length() - 1));
            } else if (act.equals("stop()")) {
                assertThat(sentence).as(q).contains("go to destination");
                assertThat(answer[0]).startsWith("obs: destination ");
            } else {
                assertThat(act).isEqualTo("forward()");
                assertThat(sentence).contains("go to ");
            }
            acts.add(act.substring(0, Math.min(act.length(), 5)));
        }
        assertThat(acts).containsExactlyInAnyOrder("forwa", "stop(", "turn_");
    }

    @Test
    void navigationImagesAreTheStreetViewTaskWithTheLandmarksOnlyInTheImage() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl/navigation-images"), Map.of(), 5);
        int intersections = 0;
        for (long i = 0; i < 100; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            assertThat(d.family()).isEqualTo("virl/navigation-images");
            assertThat(d.prompt().images()).hasSize(1);
            assertThat(d.prompt().images().get(0).width()).isEqualTo(128); // the corpus's image=small
            assertThat(q).startsWith("1. ").contains("acts: " + ActionSpace.ABSOLUTE.compactBlock() + "\n");
            // the current observation is the image; the expert's answer names what it shows
            String now = q.substring(q.lastIndexOf("\nO") + 1).strip();
            assertThat(now.substring(now.indexOf(": ") + 2)).isIn("image", "image; intersection");
            intersections += now.endsWith("intersection") ? 1 : 0;
            String[] answer = d.answer().split("\n");
            assertThat(answer).hasSize(3);
            assertThat(answer[0]).startsWith("obs: ");
            assertThat(answer[2]).startsWith("act: ").doesNotContainPattern("turn_direction\\((left|right|slightly)");
        }
        assertThat(intersections).isBetween(1, 99);
    }

    @Test
    void variedListingsNameTheInstructionsHeadingInTheListingsWords() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl/navigation"),
                Map.of("virl", Map.of("navigationListings", "varied")), 6);
        Set<Integer> seen = new TreeSet<>();
        int turns = 0;
        for (long i = 0; i < 400; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            String listingLine = q.lines().filter(l -> l.startsWith("acts: ")).findFirst().orElseThrow();
            int which = -1;
            for (int w = 0; w < COMPASS_LISTINGS.size(); w++) {
                if (listingLine.equals("acts: forward() | turn_direction(" + String.join("|", COMPASS_LISTINGS.get(w))
                        + ") | stop()")) {
                    which = w;
                }
            }
            assertThat(which).as(listingLine).isNotNegative();
            seen.add(which);
            List<String> words = COMPASS_LISTINGS.get(which);
            // every action in the history and the answer is in the listing's words
            for (String line : (q + d.answer()).lines().toList()) {
                int at = line.indexOf("turn_direction(");
                if (at >= 0 && !line.startsWith("acts: ")) {
                    assertThat(words).as(line).contains(line.substring(at + 15, line.indexOf(')', at)));
                }
            }
            String act = d.answer().substring(d.answer().lastIndexOf("act: ") + 5);
            if (act.startsWith("turn_direction(")) {
                int k = Integer.parseInt(d.answer().split("\n")[1].substring("ins: ".length()));
                String sentence = q.lines().filter(l -> l.startsWith(k + ". ")).findFirst().orElseThrow();
                String heading = sentence.substring(sentence.lastIndexOf(" to ") + 4);
                assertThat(act).as(q).isEqualTo("turn_direction(" + words.get(Geo.COMPASS.indexOf(heading)) + ")");
                turns++;
            }
        }
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(turns).isGreaterThan(20);
        assertThatThrownBy(() -> corpora.mixture(corpora.parseMixture("virl/navigation"),
                Map.of("virl", Map.of("navigationListings", "letters")), 1)).hasMessageContaining("letters")
                .hasMessageContaining("varied");
    }

    @Test
    void variedListingsRewriteTheReferencePromptToo() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl/navigation"),
                Map.of("virl", Map.of("navigationListings", "varied", "prompt", "reference")), 6);
        Set<Integer> seen = new TreeSet<>();
        Pattern turn = Pattern.compile("turn_direction\\(([^)]*)\\)");
        int turns = 0;
        for (long i = 0; i < 200; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            List<Integer> blocks = new ArrayList<>();
            for (int w = 0; w < COMPASS_LISTINGS.size(); w++) {
                if (q.contains(ActionSpace.ABSOLUTE.referenceBlock(COMPASS_LISTINGS.get(w)))) {
                    blocks.add(w);
                }
            }
            assertThat(blocks).as(q).hasSize(1);
            seen.add(blocks.get(0));
            List<String> words = COMPASS_LISTINGS.get(blocks.get(0));
            // every action of the history and the answer is in the listing's words
            Matcher m = turn.matcher(q + d.answer());
            while (m.find()) {
                if (!m.group(1).equals("x")) { // the listing's own "turn_direction(x)"
                    assertThat(words).as(q + d.answer()).contains(m.group(1));
                    turns++;
                }
            }
        }
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(turns).isGreaterThan(20);
    }

    @Test
    void optionsAndUnknownFamiliesAreRefused() {
        assertThatThrownBy(() -> corpora.mixture(corpora.parseMixture("virl"), Map.of("virl", Map.of("x", "1")), 1))
                .hasMessageContaining("option of virl corpus").hasMessageContaining("'x'");
        assertThatThrownBy(() -> corpora.mixture(corpora.parseMixture("virl/actions"),
                Map.of("virl", Map.of("actions", "sideways")), 1)).hasMessageContaining("sideways")
                .hasMessageContaining("relative");
        assertThatThrownBy(() -> corpora.mixture(corpora.parseMixture("virl/actions"),
                Map.of("virl", Map.of("actionsAnswer", "navigation")), 1)).hasMessageContaining("actionsAnswer")
                .hasMessageContaining("'navigation'").hasMessageContaining("expert");
        assertThatThrownBy(() -> corpora.mixture(corpora.parseMixture("virl/views"), Map.of("virl", Map.of("image", "huge")),
                1)).hasMessageContaining("image").hasMessageContaining("huge");
        assertThatThrownBy(() -> corpora.parseMixture("virl/turnz")).hasMessageContaining("turns");
        assertThat(corpora.qualifiedFamilies()).containsAll(List.of("virl/turns", "virl/headings", "virl/compass",
                "virl/instructions", "virl/actions", "virl/navigation", "virl/navigation-images", "virl/views"));
    }
}
