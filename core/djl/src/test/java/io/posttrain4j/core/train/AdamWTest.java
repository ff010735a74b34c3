package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

class AdamWTest {
    /** Loss sum(c * p) has gradient c, so the update can be computed by hand. */
    private static void backward(NDArray p, float[] c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                NDManager step = p.getManager().newSubManager()) {
            NDArray loss = p.mul(step.create(c)).sum();
            gc.backward(loss);
        }
    }

    @Test
    void twoStepsMatchTheHandComputedDecoupledUpdate() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {1f, -2f});
            p.setRequiresGradient(true);
            Map<String, NDArray> params = Map.of("p", p);
            double b1 = 0.9, b2 = 0.98, eps = 1e-7, wd = 0.1, lr = 0.01;
            try (AdamW opt = new AdamW(m, b1, b2, eps, wd)) {
                float[] grad = {0.5f, -3f};
                double[] expected = {1, -2};
                double[] mm = new double[2], vv = new double[2];
                for (int t = 1; t <= 2; t++) {
                    backward(p, grad);
                    opt.step(params, lr, 1.0);
                    for (int i = 0; i < 2; i++) {
                        mm[i] = b1 * mm[i] + (1 - b1) * grad[i];
                        vv[i] = b2 * vv[i] + (1 - b2) * grad[i] * grad[i];
                        double mh = mm[i] / (1 - Math.pow(b1, t));
                        double vh = vv[i] / (1 - Math.pow(b2, t));
                        expected[i] -= lr * (mh / (Math.sqrt(vh) + eps) + wd * expected[i]);
                    }
                }
                float[] got = p.toFloatArray();
                assertThat(got[0]).isCloseTo((float) expected[0], within(1e-5f));
                assertThat(got[1]).isCloseTo((float) expected[1], within(1e-5f));
                assertThat(opt.steps()).isEqualTo(2);
            }
        }
    }

    @Test
    void eachParameterMovesAtItsOwnLearningRate() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f});
            NDArray b = m.create(new float[] {1f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Map<String, NDArray> params = new java.util.LinkedHashMap<>();
            params.put("a", a);
            params.put("b", b);
            try (AdamW opt = new AdamW(m, 0.9, 0.999, 1e-8, 0)) {
                backward(a, new float[] {2f});
                backward(b, new float[] {2f});
                opt.step(params, name -> name.equals("b") ? 0.1 : 0.001, 1.0);
                // Adam's first step moves each parameter by its rate (m/sqrt(v) = sign of the gradient)
                assertThat(a.toFloatArray()[0]).isCloseTo(0.999f, within(1e-6f));
                assertThat(b.toFloatArray()[0]).isCloseTo(0.9f, within(1e-6f));
            }
        }
    }

    @Test
    void aRestoredStateContinuesExactlyLikeTheOriginal() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0.3f, 0.7f, -1f});
            NDArray b = m.create(new float[] {0.3f, 0.7f, -1f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            float[] g = {1f, -0.25f, 2f};
            try (AdamW first = new AdamW(m, 0.9, 0.999, 1e-8, 0.01);
                    AdamW second = new AdamW(m, 0.9, 0.999, 1e-8, 0.01)) {
                for (int t = 0; t < 3; t++) {
                    backward(a, g);
                    first.step(Map.of("w", a), 0.05, 1.0);
                }
                backward(b, g);
                second.step(Map.of("w", b), 0.05, 1.0);
                // b's weights and optimizer are overwritten with a's: from here on they must move in lockstep
                try (NoGrad ignored = NoGrad.enter()) {
                    b.set(new ai.djl.ndarray.index.NDIndex(":"), a);
                }
                second.load(first.state());
                assertThat(second.steps()).isEqualTo(3);
                backward(a, g);
                first.step(Map.of("w", a), 0.05, 0.5);
                backward(b, g);
                second.step(Map.of("w", b), 0.05, 0.5);
                assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
            }
        }
    }

    @Test
    void gradientsAreZeroedAfterAStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {1f});
            p.setRequiresGradient(true);
            try (AdamW opt = new AdamW(m, 0.9, 0.999, 1e-8, 0)) {
                backward(p, new float[] {4f});
                opt.step(Map.of("p", p), 0.1, 1.0);
                assertThat(p.getGradient().toFloatArray()).containsExactly(0f);
            }
        }
    }
}
