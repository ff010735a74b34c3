package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Paired differences hand by hand: the mean, the paired standard error and the discordant hands. */
class PairedDifferencesTest {
    @Test
    void theDifferenceAndItsPairedErrorComeFromTheDiscordantHands() {
        PairedDifferences.Difference d = PairedDifferences.of("1110", "0000");
        assertThat(d.points()).isEqualTo(75.0);
        // d = (1, 1, 1, 0): sample variance 0.25, standard error sqrt(0.25 / 4) = 0.25
        assertThat(d.standardError()).isCloseTo(25.0, within(1e-9));
        assertThat(d.better()).isEqualTo(3);
        assertThat(d.worse()).isZero();

        PairedDifferences.Difference even = PairedDifferences.of("1100", "1010");
        assertThat(even.points()).isZero();
        assertThat(even.standardError()).isCloseTo(100 * Math.sqrt((2.0 / 3) / 4), within(1e-9));
        assertThat(even.format()).isEqualTo("+0.0 ± 40.8 (1 better, 1 worse)");

        // hands both solve or both miss carry no error
        assertThat(PairedDifferences.of("1010", "1010").standardError()).isZero();
        assertThatThrownBy(() -> PairedDifferences.of("10", "101")).hasMessageContaining("2 and 3");
    }
}
