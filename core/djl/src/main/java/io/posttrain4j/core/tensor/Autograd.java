package io.posttrain4j.core.tensor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collection;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;

/**
 * Gradient bookkeeping that DJL's engine-neutral API lacks: per-thread grad mode, zeroing gradients in place, and
 * libtorch's thread count. The only place where the library reaches into DJL's PyTorch classes, and it does so
 * through method handles: the PyTorch engine is a runtime dependency, chosen with its native library by the
 * application, so nothing here links against it at compile time.
 */
public final class Autograd {
    private Autograd() {}

    /** Whether the calling thread records autograd graphs. */
    public static boolean isGradMode() {
        try {
            return (boolean) Jni.IS_GRAD_MODE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Switches recording on or off for the calling thread (PyTorch's grad mode is per thread). */
    public static void setGradMode(boolean on) {
        try {
            Jni.SET_GRAD_MODE.invokeExact(on);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Zeroes the accumulated gradient of each parameter in place (those without one are left alone). */
    public static void zeroGradients(Collection<NDArray> parameters) {
        boolean previous = isGradMode();
        setGradMode(false);
        try {
            for (NDArray p : parameters) {
                Jni.ZERO_GRAD.invokeExact(p);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            setGradMode(previous);
        }
    }

    /** libtorch's intra-op thread count in this process ({@code -Dai.djl.pytorch.num_threads} sets it). */
    public static int threads() {
        try {
            return (int) Jni.GET_NUM_THREADS.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    /** DJL's JniUtils, looked up once, after the PyTorch engine (and so its native library) has loaded. */
    private static final class Jni {
        static final MethodHandle IS_GRAD_MODE;
        static final MethodHandle SET_GRAD_MODE;
        static final MethodHandle ZERO_GRAD;
        static final MethodHandle GET_NUM_THREADS;

        static {
            Engine engine = Engine.getEngine("PyTorch"); // throws naming the engine when it is not on the class path
            try {
                ClassLoader loader = engine.getClass().getClassLoader();
                Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils", true, loader);
                Class<?> array = Class.forName("ai.djl.pytorch.engine.PtNDArray", false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                IS_GRAD_MODE = lookup.findStatic(jni, "isGradMode", MethodType.methodType(boolean.class));
                SET_GRAD_MODE = lookup.findStatic(jni, "setGradMode",
                        MethodType.methodType(void.class, boolean.class));
                ZERO_GRAD = lookup.findStatic(jni, "zeroGrad", MethodType.methodType(void.class, array))
                        .asType(MethodType.methodType(void.class, NDArray.class));
                GET_NUM_THREADS = lookup.findStatic(jni, "getNumThreads", MethodType.methodType(int.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("DJL's PyTorch engine " + engine.getVersion()
                        + " lacks a JniUtils method this library needs (built against DJL 0.36): " + e, e);
            }
        }
    }
}
