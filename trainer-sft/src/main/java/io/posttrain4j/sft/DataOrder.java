package io.posttrain4j.sft;

import java.util.SplittableRandom;

import io.posttrain4j.core.rollout.Seeds;

/**
 * The order in which a trainer reads its examples: epoch {@code e} is a permutation drawn from
 * {@code Seeds.derive(seed, e)}, so the order is a pure function of (seed, epoch) and a resumed run needs only its
 * (epoch, position) cursor. A batch that runs past an epoch's end continues with the next epoch's order.
 * Not thread-safe (it caches the current epoch's permutation).
 */
public final class DataOrder {
    private final int size;
    private final long stream;
    private long cachedEpoch = -1;
    private int[] cached;

    /** Orders {@code size} examples from root {@code seed}. */
    public DataOrder(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("need at least one example, got " + size);
        }
        this.size = size;
        this.stream = Seeds.stream(seed, "data-order");
    }

    /** Number of examples per epoch. */
    public int size() {
        return size;
    }

    /** The permutation of epoch {@code epoch} (Fisher-Yates), a fresh copy. */
    public int[] permutation(long epoch) {
        return epochOrder(epoch).clone();
    }

    private int[] epochOrder(long epoch) {
        if (epoch != cachedEpoch) {
            int[] p = new int[size];
            for (int i = 0; i < size; i++) {
                p[i] = i;
            }
            SplittableRandom rng = new SplittableRandom(Seeds.derive(stream, epoch));
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cached = p;
            cachedEpoch = epoch;
        }
        return cached;
    }

    /** Takes {@code count} example indices from the cursor {@code (epoch, position)} and returns the next cursor. */
    public Batch take(long epoch, long position, int count) {
        if (epoch < 0 || position < 0 || position >= size) {
            throw new IllegalArgumentException(
                    "cursor must have epoch >= 0 and 0 <= position < " + size + ", got " + epoch + ", " + position);
        }
        int[] indices = new int[count];
        long e = epoch;
        int p = (int) position;
        for (int i = 0; i < count; i++) {
            indices[i] = epochOrder(e)[p++];
            if (p == size) {
                e++;
                p = 0;
            }
        }
        return new Batch(indices, e, p);
    }

    /**
     * Example indices of one optimizer step and the cursor after it.
     *
     * @param indices the examples, in data order
     * @param epoch the epoch the next batch starts in
     * @param position the next batch's start within that epoch
     */
    public record Batch(int[] indices, long epoch, long position) {}
}
