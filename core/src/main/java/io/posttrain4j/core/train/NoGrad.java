package io.posttrain4j.core.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches autograd recording off on the calling thread until closed, then restores the previous mode.
 * PyTorch's grad mode is per thread and only the engine's initialising thread starts with it off, so every
 * inference or parameter update off that thread must run under this guard.
 *
 * <pre>{@code try (NoGrad ignored = NoGrad.enter()) { ... } }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    public static NoGrad enter() {
        Engine.getEngine("PyTorch"); // make sure the native library is loaded before touching JniUtils
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(previous);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
