package io.posttrain4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of every decoder layer for the tokens seen so far, (B, kvHeads, T, hd) each, owned by one
 * manager so that decoding steps inside an {@link NDScope} do not free them.
 */
final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Appends this step's keys and values of {@code layer} and returns the whole (B, kvHeads, Tk, hd) pair. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray kAll = keys[layer] == null ? k : keys[layer].concat(k, 2); // (B, KV, Tk, hd)
        NDArray vAll = values[layer] == null ? v : values[layer].concat(v, 2); // (B, KV, Tk, hd)
        keep(kAll);
        keep(vAll);
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = kAll;
        values[layer] = vAll;
        return new NDArray[] {kAll, vAll};
    }

    private void keep(NDArray a) {
        NDScope.unregister(a);
        a.attach(manager);
    }

    /** Tokens cached so far. */
    long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    @Override
    public void close() {
        manager.close();
    }
}
