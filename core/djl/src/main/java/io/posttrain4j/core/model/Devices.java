package io.posttrain4j.core.model;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Parses device names and refuses a GPU that is not there: DJL silently falls back to the CPU when libcudart or
 * the CUDA build of libtorch is missing, which would turn a GPU run into a very slow CPU run (see docs/GPU.md).
 */
public final class Devices {
    private Devices() {}

    /**
     * The device named {@code name}: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}.
     *
     * @throws IllegalArgumentException for another name
     * @throws IllegalStateException when a GPU is asked for and the engine sees none (or fewer than N+1)
     */
    public static Device parse(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        int index;
        if (n.equals("gpu")) {
            index = 0;
        } else if (n.matches("gpu:\\d{1,3}")) {
            index = Integer.parseInt(n.substring(4));
        } else {
            throw new IllegalArgumentException("unknown device '" + name + "'; known: cpu, gpu, gpu:N");
        }
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (index >= gpus) {
            throw new IllegalStateException("device '" + name + "' asked for, but PyTorch sees " + gpus
                    + " GPU(s); on a GPU host set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1+cu128 lib folder, "
                    + "PYTORCH_FLAVOR=cu128, PYTORCH_VERSION=2.7.1, and make libcudart visible (docs/GPU.md)");
        }
        return Device.gpu(index);
    }

    /** The name {@link #parse} reads back for {@code device}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }
}
