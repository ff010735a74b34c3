package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

class GradientClippingTest {
    @Test
    void theGlobalNormSpansAllParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0, 0});
            NDArray b = m.create(new float[] {0});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = a.mul(m.create(new float[] {3, 0})).sum().add(b.mul(m.create(new float[] {4})).sum());
                gc.backward(loss);
            }
            double norm = GradientClipping.globalNorm(List.of(a, b));
            assertThat(norm).isCloseTo(5.0, within(1e-9));
            assertThat(GradientClipping.scale(norm, 1.0)).isCloseTo(0.2, within(1e-6));
            assertThat(GradientClipping.scale(norm, 10.0)).isEqualTo(1.0);
        }
    }

    @Test
    void aNonPositiveMaximumIsRejected() {
        assertThatThrownBy(() -> GradientClipping.scale(1, 0)).hasMessageContaining("maxNorm must be > 0, got 0.0");
    }
}
