package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdvantagesTest {
    @Test
    void groupsAreNormalisedOnTheirOwnWithSampleStd() {
        // group 1: (1, 0, 0, 1): mean 0.5, sample std sqrt(1/3); group 2: (2, 2, 2, 2): all equal
        double[] a = Advantages.groupNormalize(new double[] {1, 0, 0, 1, 2, 2, 2, 2}, 4);
        double s = Math.sqrt(1.0 / 3);
        assertThat(a[0]).isCloseTo(0.5 / (s + 1e-4), within(1e-12));
        assertThat(a[1]).isCloseTo(-0.5 / (s + 1e-4), within(1e-12));
        assertThat(a[4]).isZero();
        assertThat(a[7]).isZero();
    }

    @Test
    void groupsMustSplitEvenly() {
        assertThatThrownBy(() -> Advantages.groupNormalize(new double[5], 2))
                .hasMessageContaining("5 scores do not split into groups of 2");
    }

    @Test
    void bufferNormalisationGivesMeanZeroAndUnitStd() {
        double[] a = Advantages.normalize(new double[] {1, 2, 3, 4, 10});
        double mean = 0;
        for (double x : a) {
            mean += x / a.length;
        }
        double var = 0;
        for (double x : a) {
            var += (x - mean) * (x - mean) / (a.length - 1);
        }
        assertThat(mean).isCloseTo(0, within(1e-12));
        assertThat(var).isCloseTo(1, within(1e-6));
    }

    @Test
    void explainedVarianceIsOneForAPerfectCriticAndZeroForAConstantOne() {
        double[] ret = {1, 2, 3};
        assertThat(Advantages.explainedVariance(ret, ret)).isCloseTo(1, within(1e-12));
        assertThat(Advantages.explainedVariance(new double[] {5, 5, 5}, ret)).isCloseTo(0, within(1e-12));
    }
}
