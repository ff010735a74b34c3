package io.posttrain4j.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.testing.DirectMemoryChurn;

class TensorsTest {
    /** d/dx sum(op(x, 3)) with freed direct memory reused between forward and backward. */
    private static float[] gradientUnderChurn(BiFunction<NDArray, Double, NDArray> op) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Tensors.owned(m, new float[] {1, 2, 5}, 3);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x, 3.0).sum();
                List<ByteBuffer> held = DirectMemoryChurn.reuseFreedMemory();
                gc.backward(y);
                assertThat(held).isNotEmpty();
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void scalarOperandsSurviveReusedMemoryUntilBackward() {
        for (int trial = 0; trial < 3; trial++) {
            assertThat(gradientUnderChurn(Tensors::mul)).containsExactly(3, 3, 3);
            assertThat(gradientUnderChurn(Tensors::div)).containsExactly(1f / 3, 1f / 3, 1f / 3);
            assertThat(gradientUnderChurn(Tensors::add)).containsExactly(1, 1, 1);
            assertThat(gradientUnderChurn(Tensors::sub)).containsExactly(1, 1, 1);
            assertThat(gradientUnderChurn(Tensors::maximum)).containsExactly(0, 0, 1);
            assertThat(gradientUnderChurn(Tensors::minimum)).containsExactly(1, 1, 0);
        }
    }

    @Test
    void ownedArraysSurviveTheirStagingBuffer() {
        for (int trial = 0; trial < 3; trial++) {
            assertThat(gradientUnderChurn((x, v) -> {
                NDArray w = Tensors.owned(x.getManager(), new float[] {2, 4, 8}, 3);
                try (w) {
                    return x.mul(w); // mul keeps w for backward; closing the handle must not free it
                }
            })).containsExactly(2, 4, 8);
        }
    }

    @Test
    void ownedArraysHoldTheirValuesAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = Tensors.owned(m, new float[] {1, 2, 3, 4}, 2, 2);
            NDArray l = Tensors.owned(m, new long[] {7, 8}, 2, 1);
            assertThat(f.getShape().getShape()).containsExactly(2, 2);
            assertThat(f.toFloatArray()).containsExactly(1, 2, 3, 4);
            assertThat(l.getShape().getShape()).containsExactly(2, 1);
            assertThat(l.toLongArray()).containsExactly(7, 8);
        }
    }

    @Test
    void zeroGradientsClearsAccumulatedGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Tensors.owned(m, new float[] {1, 2}, 2);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Tensors.mul(x, 5).sum());
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(5, 5);
            Autograd.zeroGradients(List.of(x));
            assertThat(x.getGradient().toFloatArray()).containsExactly(0, 0);
        }
    }
}
