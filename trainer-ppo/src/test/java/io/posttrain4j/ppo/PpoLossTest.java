package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.testing.DirectMemoryChurn;
import io.posttrain4j.core.train.Scores;

/**
 * The clipped objective against a direct computation in doubles: three rows of two response tokens (the second
 * token of row 2 is padding, the first token of each row a thought token at weight 0.5), chosen so that one
 * row's ratio is clipped above, one below and one not at all, and one value is clipped.
 */
class PpoLossTest {
    private static final double[] LOGP = {-0.3, -0.2, -1.0, -0.5, -0.4, 0};
    private static final double[] W = {0.5, 1, 0.5, 1, 0.5, 0};
    private static final double[] MASK = {1, 1, 1, 1, 1, 0};
    private static final double[] ENT = {0.7, 0.2, 0.9, 1.1, 0.3, 5};
    private static final double[] REF = {-0.4, -0.1, -0.8, -0.9, -0.2, 0};
    private static final double[] OLD = {-0.65, -1.5, -0.1};
    private static final double[] ADV = {1.0, -0.5, 2.0};
    private static final double[] RET = {0.5, -1.0, 1.5};
    private static final double[] OLD_V = {0.2, 0.1, 1.0};
    private static final double[] V = {0.25, 0.6, 1.2};
    private static final double CLIP = 0.2;
    private static final double VCLIP = 0.2;
    private static final double VF = 0.5;
    private static final double ENT_COEF = 0.01;
    private static final double KL_COEF = 0.1;

    /** The objective written directly. */
    private static double direct(double[] logp, double[] v) {
        double pg = 0;
        double vl = 0;
        double kl = 0;
        for (int i = 0; i < 3; i++) {
            double seq = W[2 * i] * logp[2 * i] + W[2 * i + 1] * logp[2 * i + 1];
            double r = Math.exp(seq - OLD[i]);
            double clipped = Math.min(Math.max(r, 1 - CLIP), 1 + CLIP);
            pg += Math.max(-ADV[i] * r, -ADV[i] * clipped) / 3;
            double vc = OLD_V[i] + Math.min(Math.max(v[i] - OLD_V[i], -VCLIP), VCLIP);
            vl += 0.5 * Math.max(Math.pow(v[i] - RET[i], 2), Math.pow(vc - RET[i], 2)) / 3;
            for (int t = 0; t < 2; t++) {
                kl += MASK[2 * i + t] * KlEstimator.K3.estimate(logp[2 * i + t], REF[2 * i + t]) / 3;
            }
        }
        double ent = 0;
        double tokens = 0;
        for (int k = 0; k < 6; k++) {
            ent += ENT[k] * MASK[k];
            tokens += MASK[k];
        }
        return pg + VF * vl - ENT_COEF * ent / tokens + KL_COEF * kl;
    }

    private static float[] f(double[] a) {
        return PpoLoss.toFloats(a);
    }

    @Test
    void lossAndGradientsMatchADirectComputation() {
        // sanity of the fixture: row 0 is clipped above (A > 0), row 1 below (A < 0), row 2 inside
        double r0 = Math.exp(0.5 * -0.3 - 0.2 + 0.65);
        double r1 = Math.exp(0.5 * -1.0 - 0.5 + 1.5);
        double r2 = Math.exp(0.5 * -0.4 + 0.1);
        assertThat(r0).isGreaterThan(1 + CLIP);
        assertThat(r1).isGreaterThan(1 + CLIP);
        assertThat(r2).isBetween(1 - CLIP, 1 + CLIP);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logp = m.create(f(LOGP), new Shape(3, 2));
            NDArray values = m.create(f(V));
            logp.setRequiresGradient(true);
            values.setRequiresGradient(true);
            PpoLoss.Terms terms;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                terms = PpoLoss.compute(m, fixtureScores(m, logp, values), fixtureTargets(), fixtureCoefficients());
                gc.backward(terms.loss());
            }
            assertThat((double) terms.loss().getFloat()).isCloseTo(direct(LOGP, V), within(1e-5));
            assertThat(terms.clipFraction()).isCloseTo(2.0 / 3, within(1e-6));
            float[] gLogp = logp.getGradient().toFloatArray();
            float[] gV = values.getGradient().toFloatArray();
            double h = 1e-6;
            for (int k = 0; k < 6; k++) {
                double[] plus = LOGP.clone();
                double[] minus = LOGP.clone();
                plus[k] += h;
                minus[k] -= h;
                double fd = (direct(plus, V) - direct(minus, V)) / (2 * h);
                assertThat((double) gLogp[k]).as("d/dlogp[%d]", k).isCloseTo(fd, within(1e-4));
            }
            for (int i = 0; i < 3; i++) {
                double[] plus = V.clone();
                double[] minus = V.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (direct(LOGP, plus) - direct(LOGP, minus)) / (2 * h);
                assertThat((double) gV[i]).as("d/dv[%d]", i).isCloseTo(fd, within(1e-4));
            }
            // padding (row 2, token 1) gets no gradient at all
            assertThat(gLogp[5]).isZero();
        }
    }

    /** The fixture's scores: log-probs and values as given (gradients attached by the caller), the rest constant. */
    private static Scores fixtureScores(NDManager m, NDArray logp, NDArray values) {
        return new Scores(logp, m.create(f(W), new Shape(3, 2)), m.create(f(MASK), new Shape(3, 2)),
                m.create(f(ENT), new Shape(3, 2)), values, new int[] {1, 1, 1}, new int[] {2, 2, 1});
    }

    private static PpoLoss.Targets fixtureTargets() {
        float[][] ref = {{(float) REF[0], (float) REF[1]}, {(float) REF[2], (float) REF[3]}, {(float) REF[4]}};
        return new PpoLoss.Targets(OLD, ADV, RET, OLD_V, ref);
    }

    private static PpoLoss.Coefficients fixtureCoefficients() {
        return new PpoLoss.Coefficients(CLIP, VCLIP, VF, ENT_COEF, KL_COEF, KlEstimator.K3, true);
    }

    /** Gradients of the full objective w.r.t. log-probs and values, optionally reusing freed memory first. */
    private static float[] gradients(boolean churn) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logp = m.create(f(LOGP), new Shape(3, 2));
            NDArray values = m.create(f(V));
            logp.setRequiresGradient(true);
            values.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Scores s = fixtureScores(m, logp, values);
                PpoLoss.Terms terms;
                try (NDManager step = m.newSubManager()) {
                    terms = PpoLoss.compute(step, s, fixtureTargets(), fixtureCoefficients());
                    terms.loss().attach(m);
                }
                List<ByteBuffer> held = churn ? DirectMemoryChurn.reuseFreedMemory() : List.of();
                gc.backward(terms.loss());
                assertThat(held).isNotNull();
            }
            float[] out = new float[9];
            System.arraycopy(logp.getGradient().toFloatArray(), 0, out, 0, 6);
            System.arraycopy(values.getGradient().toFloatArray(), 0, out, 6, 3);
            return out;
        }
    }

    @Test
    void gradientsDoNotReadMemoryFreedBeforeBackward() {
        // The targets' arrays and every coefficient live in the step's manager, closed before backward here.
        float[] quiet = gradients(false);
        for (int trial = 0; trial < 3; trial++) {
            assertThat(gradients(true)).as("trial %d", trial).containsExactly(quiet);
        }
    }

    @Test
    void withoutACriticTheValueLossIsLeftOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logp = m.create(new float[] {-1f, -2f}, new Shape(2, 1));
            Scores s = new Scores(logp, m.ones(new Shape(2, 1)), m.ones(new Shape(2, 1)), null, null,
                    new int[] {1, 1}, new int[] {1, 1});
            PpoLoss.Terms t = PpoLoss.compute(m, s, new PpoLoss.Targets(new double[] {-1, -2}, new double[] {1, -1},
                    new double[2], new double[2], null),
                    new PpoLoss.Coefficients(0.2, 0.2, 0.5, 0, 0, KlEstimator.K3, false));
            // ratio 1 everywhere: loss = mean(-A) = 0, nothing clipped, approx KL 0
            assertThat((double) t.loss().getFloat()).isCloseTo(0, within(1e-7));
            assertThat(t.valueLoss()).isNaN();
            assertThat(t.clipFraction()).isZero();
            assertThat(t.approxKl()).isCloseTo(0, within(1e-7));
        }
    }
}
