package io.posttrain4j.core.model.checkpoint;

import java.util.Arrays;

/**
 * A dense float32 tensor in Java memory: the unit of checkpoint I/O (F16/BF16 files are widened on read).
 *
 * @param shape dimensions, row-major
 * @param data {@code product(shape)} values
 */
public record FloatTensor(long[] shape, float[] data) {
    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    public long size() {
        return data.length;
    }
}
