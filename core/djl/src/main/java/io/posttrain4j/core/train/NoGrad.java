package io.posttrain4j.core.train;

import io.posttrain4j.core.tensor.Autograd;

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
        boolean previous = Autograd.isGradMode();
        Autograd.setGradMode(false);
        return new NoGrad(previous);
    }

    @Override
    public void close() {
        Autograd.setGradMode(previous);
    }
}
