package io.posttrain4j.ppo;

import ai.djl.ndarray.NDArray;
import io.posttrain4j.core.tensor.Tensors;

/**
 * Per-token estimators of KL(pi || pi_ref) from samples of pi (Schulman, "Approximating KL divergence", 2020),
 * written with {@code logRatio = log pi_ref(x) - log pi(x)}.
 */
public enum KlEstimator {
    /** k1 = -logRatio: unbiased, high variance, can be negative per sample. */
    K1,
    /** k3 = exp(logRatio) - 1 - logRatio: unbiased, never negative, lower variance. */
    K3;

    /** The estimate for one token whose log-probabilities are {@code logp} (current) and {@code refLogp}. */
    public double estimate(double logp, double refLogp) {
        double logRatio = refLogp - logp;
        return switch (this) {
            case K1 -> -logRatio;
            case K3 -> Math.expm1(logRatio) - logRatio;
        };
    }

    /** Elementwise estimates over arrays of equal shape; differentiable through {@code logp}. */
    public NDArray estimate(NDArray logp, NDArray refLogp) {
        NDArray logRatio = refLogp.sub(logp);
        return switch (this) {
            case K1 -> logRatio.neg();
            case K3 -> Tensors.sub(logRatio.exp(), 1).sub(logRatio);
        };
    }
}
