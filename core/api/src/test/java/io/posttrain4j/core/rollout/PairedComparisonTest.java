package io.posttrain4j.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Tally;

class PairedComparisonTest {
    private static List<Episode> episodes(String metric, Tally... tallies) {
        List<Episode> out = new ArrayList<>();
        for (int i = 0; i < tallies.length; i++) {
            out.add(new Episode(i, 100 + i, List.of(), Map.of(metric, tallies[i])));
        }
        return out;
    }

    private static Tally[] hits(int... h) {
        Tally[] t = new Tally[h.length];
        for (int i = 0; i < h.length; i++) {
            t[i] = Tally.of(h[i] == 1);
        }
        return t;
    }

    @Test
    void theDifferenceAndItsStandardErrorAreThoseOfThePerEpisodeDifferences() {
        // differences 0, +1, 0, -1, +1: mean 0.2, sample variance 2.8 / 4 = 0.7, se = sqrt(0.7 / 5)
        PairedComparison c = PairedComparison.of("success", episodes("success", hits(1, 0, 0, 1, 0)),
                episodes("success", hits(1, 1, 0, 0, 1)));
        assertThat(c.episodes()).isEqualTo(5);
        assertThat(c.baseline()).isCloseTo(0.4, within(1e-12));
        assertThat(c.candidate()).isCloseTo(0.6, within(1e-12));
        assertThat(c.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(c.standardError()).isCloseTo(Math.sqrt(0.7 / 5), within(1e-12));
        assertThat(c.better()).isEqualTo(2);
        assertThat(c.worse()).isEqualTo(1);
    }

    @Test
    void everyEpisodeWeighsTheSameAndEpisodesWithoutTheMetricAreLeftOut() {
        PairedComparison c = PairedComparison.of("step_accuracy",
                episodes("step_accuracy", new Tally(1, 4), new Tally(0, 0), new Tally(2, 2)),
                episodes("step_accuracy", new Tally(3, 4), new Tally(1, 1), new Tally(1, 2)));
        // episodes 0 and 2 count: differences +0.5 and -0.5
        assertThat(c.episodes()).isEqualTo(2);
        assertThat(c.difference()).isCloseTo(0.0, within(1e-12));
        assertThat(c.standardError()).isCloseTo(0.5, within(1e-12));
        assertThat(c.baseline()).isCloseTo(0.625, within(1e-12));
        assertThat(PairedComparison.of("step_accuracy", episodes("step_accuracy", new Tally(1, 2)),
                episodes("step_accuracy", new Tally(2, 2))).standardError()).isNaN();
    }

    @Test
    void differentEpisodesOrAMissingMetricAreErrorsThatSayWhat() {
        List<Episode> a = episodes("success", hits(1, 0));
        List<Episode> shifted = List.of(a.get(0), new Episode(1, 999, List.of(), Map.of("success", Tally.of(true))));
        assertThatThrownBy(() -> PairedComparison.of("success", a, shifted))
                .hasMessageContaining("episode 1 has seed 101 for the baseline and 999 for the candidate");
        assertThatThrownBy(() -> PairedComparison.of("success", a, a.subList(0, 1)))
                .hasMessageContaining("baseline has 2, candidate 1");
        assertThatThrownBy(() -> PairedComparison.of("step_accuracy", a, a))
                .hasMessageContaining("no episode has metric 'step_accuracy' for both policies");
    }
}
