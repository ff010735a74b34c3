package io.posttrain4j.core.tensor;

import java.util.function.BinaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java values, and arithmetic with a Java number, in memory that libtorch owns.
 *
 * <p>Why this class exists: on the PyTorch engine, DJL's {@code x.mul(2f)} (likewise {@code div}, {@code add},
 * {@code sub}, {@code pow}, {@code maximum}, {@code minimum} with a {@link Number}) wraps the number in a 0-d
 * tensor over a Java direct buffer ({@code torch::from_blob}) and closes it as soon as the op returns. Autograd
 * keeps that tensor for backward ({@code mul} and {@code div} need it to scale the gradient), but its memory is
 * freed by the garbage collector and reused by the next direct allocation, so backward multiplies the gradient by
 * whatever lies there: the loss is right and the gradient is garbage (gradient norms of 1e31 were seen), at
 * random, when a collection happens between forward and backward. The same holds for every array made with
 * {@code manager.create(javaArray)} and closed before backward. The methods here build their operands with
 * {@code torch::full} or a clone, so a saved operand keeps its own storage alive.
 *
 * <p>Use them for every op that may be recorded by autograd; in-place updates under
 * {@link io.posttrain4j.core.train.NoGrad} read their operand at once and may use DJL's own forms.
 */
public final class Tensors {
    private Tensors() {}

    /**
     * Inverted dropout of {@code x}: each element kept with probability {@code 1 - p} and scaled by
     * {@code 1 / (1 - p)}, the mask drawn by libtorch's generator after seeding it with {@code seed} (so the same
     * seed gives the same mask on the same machine and thread count). The mask is a libtorch-made array, safe for
     * autograd to keep.
     */
    public static NDArray dropout(NDArray x, double p, int seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return x;
        }
        x.getManager().getEngine().setRandomSeed(seed);
        NDArray mask = x.getManager().randomUniform(0f, 1f, x.getShape(), x.getDataType(), x.getDevice())
                .gte(p).toType(x.getDataType(), false);
        return x.mul(mul(mask, 1 / (1 - p)));
    }

    /** {@code x * v}. */
    public static NDArray mul(NDArray x, double v) {
        return withScalar(x, v, NDArray::mul);
    }

    /** {@code x / v}. */
    public static NDArray div(NDArray x, double v) {
        return withScalar(x, v, NDArray::div);
    }

    /** {@code x + v}. */
    public static NDArray add(NDArray x, double v) {
        return withScalar(x, v, NDArray::add);
    }

    /** {@code x - v}. */
    public static NDArray sub(NDArray x, double v) {
        return withScalar(x, v, NDArray::sub);
    }

    /** Element-wise {@code max(x, v)}. */
    public static NDArray maximum(NDArray x, double v) {
        return withScalar(x, v, NDArray::maximum);
    }

    /** Element-wise {@code min(x, v)}. */
    public static NDArray minimum(NDArray x, double v) {
        return withScalar(x, v, NDArray::minimum);
    }

    private static NDArray withScalar(NDArray x, double v, BinaryOperator<NDArray> op) {
        try (NDArray s = scalar(x, v)) {
            return op.apply(x, s);
        }
    }

    /** A 0-d array holding {@code v} in {@code like}'s type, device and manager, in torch-owned memory. */
    static NDArray scalar(NDArray like, double v) {
        return like.getManager().full(new Shape(), (float) v, like.getDataType(), like.getDevice());
    }

    /** A torch-owned float32 array of {@code values} shaped {@code shape}. */
    public static NDArray owned(NDManager m, float[] values, long... shape) {
        try (NDArray staged = m.create(values, new Shape(shape))) {
            return staged.duplicate(); // a clone: toType(FLOAT32, true) would return an alias of the Java buffer
        }
    }

    /** A torch-owned int64 array of {@code values} shaped {@code shape}. */
    public static NDArray owned(NDManager m, long[] values, long... shape) {
        try (NDArray staged = m.create(values, new Shape(shape))) {
            return staged.duplicate();
        }
    }

    /** A torch-owned float32 array of {@code values} shaped {@code shape}. */
    public static NDArray owned(NDManager m, float[] values, Shape shape) {
        return owned(m, values, shape.getShape());
    }
}
