package io.posttrain4j.core.tensor;

import ai.djl.Device;

/**
 * Which reproducibility regime a run is in, for the line that training commands print at start.
 *
 * <p>On a CPU, libtorch's kernels are deterministic for a fixed number of intra-op threads: the same command,
 * seed, data and thread count on the same machine (same CPU instruction set, same libtorch) gives the same bits,
 * and a stopped run resumed from a checkpoint ends with the same weights, optimizer moments and metrics as a run
 * straight through. A different thread count may split large reductions differently and so give other bits
 * (for the tiny policy, 1 and 2 threads gave the same bits; no promise is made across thread counts). On a
 * GPU, several kernels
 * (atomic-add reductions, some convolution and attention paths) are not deterministic, so runs are not
 * bit-exact there.
 */
public final class Reproducibility {
    private Reproducibility() {}

    /** libtorch's intra-op threads in this process ({@code -Dai.djl.pytorch.num_threads} sets it). */
    public static int threads() {
        return Autograd.threads();
    }

    /** One line naming the regime of a run on {@code device}. */
    public static String describe(Device device) {
        if (device.isGpu()) {
            return "reproducibility: " + device + ": not bit-exact (GPU kernels are not all deterministic); "
                    + "a CPU run is";
        }
        int t = threads();
        return "reproducibility: CPU, " + t + " libtorch thread" + (t == 1 ? "" : "s") + ": bit-exact when rerun or "
                + "resumed with " + t + " thread" + (t == 1 ? "" : "s") + " on this machine "
                + "(-Dai.djl.pytorch.num_threads=" + t + "); another thread count may give other bits";
    }
}
