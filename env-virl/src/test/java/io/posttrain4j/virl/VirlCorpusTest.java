package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.ActionSpace;

class VirlCorpusTest {
    private final Corpora corpora = Corpora.discover();

    @Test
    void orientationDocumentsAreRightAndNoneIsANavigationTask() {
        Corpus c = corpora.mixture(corpora.parseMixture("virl"), Map.of(), 4);
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

    @Test
    void optionsAndUnknownFamiliesAreRefused() {
        assertThatThrownBy(() -> corpora.mixture(corpora.parseMixture("virl"), Map.of("virl", Map.of("x", "1")), 1))
                .hasMessageContaining("option of virl corpus").hasMessageContaining("'x'");
        assertThatThrownBy(() -> corpora.parseMixture("virl/turnz")).hasMessageContaining("turns");
        assertThat(corpora.qualifiedFamilies()).containsAll(List.of("virl/turns", "virl/headings", "virl/compass"));
    }
}
