package io.posttrain4j.core.rollout;

/**
 * Seeds derived from counters, so that a run replays exactly whatever its batching or where it was resumed.
 * Mixing is SplittableRandom's 64-bit finaliser (Stafford variant 13).
 */
public final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** A well-mixed seed for item {@code index} of the stream {@code root}. */
    public static long derive(long root, long index) {
        return mix(root + GOLDEN * (index + 1));
    }

    /** A seed for item {@code (a, b)} of the stream {@code root}. */
    public static long derive(long root, long a, long b) {
        return derive(derive(root, a), b);
    }

    /** A seed for a named stream (e.g. "eval", "rollout") of {@code root}. */
    public static long stream(long root, String name) {
        return derive(root, name.hashCode() & 0xFFFFFFFFL);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
