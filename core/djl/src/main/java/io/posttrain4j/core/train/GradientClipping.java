package io.posttrain4j.core.train;

import java.util.Collection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Global-norm gradient clipping, written here because DJL's {@code optClipGrad} clamps each value on its own.
 * The norm is summed in float64 so that a large model's many small squares do not round away, and a non-finite
 * norm is reported rather than applied (the caller skips that update and counts it).
 */
public final class GradientClipping {
    private GradientClipping() {}

    /** The global L2 norm of the gradients of {@code parameters}; NaN or infinite when any gradient is. */
    public static double globalNorm(Collection<NDArray> parameters) {
        try (NoGrad ignored = NoGrad.enter(); NDManager scratch = firstManager(parameters).newSubManager()) {
            NDList squares = new NDList(parameters.size());
            for (NDArray p : parameters) {
                NDArray g = p.getGradient();
                g.attach(scratch);
                squares.add(g.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).square().sum());
            }
            double total = NDArrays.stack(squares).sum().getDouble();
            return Math.sqrt(total);
        }
    }

    /** The factor that scales gradients of norm {@code norm} to at most {@code maxNorm} (1 when already within). */
    public static double scale(double norm, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        return norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
    }

    private static NDManager firstManager(Collection<NDArray> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to clip");
        }
        return parameters.iterator().next().getManager();
    }
}
