package io.posttrain4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every decoder layer for the tokens seen so far, owned by one manager so that decoding steps
 * inside an {@link NDScope} do not free them. Each layer's keys and values live in a buffer of (B, kvHeads,
 * capacity, hd) allocated at the first append; a step writes its tokens in place and reads a view of the filled
 * part, so a step costs the same at token 1,000 as at token 10 (appending by concatenation copies the whole cache
 * every step).
 */
final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final long capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final long[] filled;

    /**
     * @param capacity the most tokens any layer will hold (prompt columns + new tokens)
     */
    KvCache(NDManager parent, int layers, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("KV cache capacity must be > 0, got " + capacity);
        }
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.filled = new long[layers];
    }

    /**
     * Writes this step's keys and values (B, kvHeads, T, hd) of {@code layer} after the ones already held and
     * returns views of all of them, (B, kvHeads, Tk, hd) each, valid until the next append of this layer.
     *
     * @throws IllegalStateException past the capacity
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        Shape s = k.getShape();
        long t = s.get(2);
        long from = filled[layer];
        if (from + t > capacity) {
            throw new IllegalStateException("KV cache of " + capacity + " tokens cannot take " + t + " more after "
                    + from);
        }
        if (keys[layer] == null) {
            Shape full = new Shape(s.get(0), s.get(1), capacity, s.get(3));
            keys[layer] = manager.zeros(full, k.getDataType(), k.getDevice());
            values[layer] = manager.zeros(full, v.getDataType(), v.getDevice());
            NDScope.unregister(keys[layer], values[layer]); // made inside a step's scope, kept past it
        }
        NDIndex slot = new NDIndex(":, :, {}:{}, :", from, from + t);
        keys[layer].set(slot, k);
        values[layer].set(slot, v);
        filled[layer] = from + t;
        NDIndex held = new NDIndex(":, :, :{}, :", from + t);
        return new NDArray[] {keys[layer].get(held), values[layer].get(held)};
    }

    /** Tokens cached so far (in layer 0). */
    long length() {
        return filled.length == 0 ? 0 : filled[0];
    }

    @Override
    public void close() {
        manager.close();
    }
}
