package io.posttrain4j.core.tensor;

import java.util.Collection;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient bookkeeping that DJL's engine-neutral API lacks: per-thread grad mode and zeroing gradients in place.
 * The only place where the library reaches into DJL's PyTorch classes.
 */
public final class Autograd {
    private Autograd() {}

    /** Whether the calling thread records autograd graphs. */
    public static boolean isGradMode() {
        Engine.getEngine("PyTorch"); // the native library must be loaded before JniUtils is touched
        return JniUtils.isGradMode();
    }

    /** Switches recording on or off for the calling thread (PyTorch's grad mode is per thread). */
    public static void setGradMode(boolean on) {
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(on);
    }

    /** Zeroes the accumulated gradient of each parameter in place (those without one are left alone). */
    public static void zeroGradients(Collection<NDArray> parameters) {
        boolean previous = isGradMode();
        setGradMode(false);
        try {
            for (NDArray p : parameters) {
                JniUtils.zeroGrad((PtNDArray) p);
            }
        } finally {
            setGradMode(previous);
        }
    }
}
