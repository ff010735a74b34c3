package io.posttrain4j.core.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes what a long training run meets by chance: the garbage collector frees Java direct buffers and the
 * next direct allocations reuse their memory. A tensor that still points into such a buffer (a 0-d operand of
 * DJL's {@code x.mul(2f)}, an array made from a Java array and closed before backward) then reads {@link #POISON}.
 */
public final class DirectMemoryChurn {
    /** What reused memory holds after {@link #reuseFreedMemory()}: a value no gradient should ever carry. */
    public static final float POISON = 1e30f;

    private DirectMemoryChurn() {}

    /** Collects garbage, waits for the buffers' cleaners, then fills many small fresh direct buffers with POISON. */
    public static List<ByteBuffer> reuseFreedMemory() {
        System.gc();
        try {
            Thread.sleep(30); // the cleaner thread frees the collected buffers' memory
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> held = new ArrayList<>();
        for (int size : new int[] {4, 8, 16, 64, 256}) {
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(POISON);
                }
                held.add(b);
            }
        }
        return held; // the caller keeps them alive until it has run backward
    }

    /** Runs {@link #reuseFreedMemory()} in a loop on a daemon thread until closed. */
    public static AutoCloseable inBackground() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                reuseFreedMemory();
            }
        }, "direct-memory-churn");
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join();
        };
    }
}
