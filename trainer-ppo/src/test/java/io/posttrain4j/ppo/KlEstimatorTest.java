package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

class KlEstimatorTest {
    private static final double[] P = {0.5, 0.3, 0.2};
    private static final double[] Q = {0.2, 0.2, 0.6};

    private static double exactKl() {
        double kl = 0;
        for (int i = 0; i < P.length; i++) {
            kl += P[i] * Math.log(P[i] / Q[i]);
        }
        return kl;
    }

    @Test
    void bothEstimatorsAreUnbiasedUnderTheSamplingPolicy() {
        for (KlEstimator k : KlEstimator.values()) {
            double expectation = 0;
            for (int i = 0; i < P.length; i++) {
                expectation += P[i] * k.estimate(Math.log(P[i]), Math.log(Q[i]));
            }
            assertThat(expectation).as(k.name()).isCloseTo(exactKl(), within(1e-12));
        }
    }

    @Test
    void k3IsNeverNegativeWhileK1CanBe() {
        assertThat(KlEstimator.K1.estimate(Math.log(0.2), Math.log(0.6))).isNegative();
        for (double a = -3; a <= 0; a += 0.25) {
            for (double b = -3; b <= 0; b += 0.25) {
                assertThat(KlEstimator.K3.estimate(a, b)).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void arrayEstimatesMatchTheScalarOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lp = {-0.5f, -1.2f, -2f};
            float[] ref = {-0.7f, -0.3f, -2f};
            for (KlEstimator k : KlEstimator.values()) {
                NDArray got = k.estimate(m.create(lp), m.create(ref));
                float[] v = got.toFloatArray();
                for (int i = 0; i < lp.length; i++) {
                    assertThat((double) v[i]).isCloseTo(k.estimate(lp[i], ref[i]), within(1e-6));
                }
            }
        }
    }
}
