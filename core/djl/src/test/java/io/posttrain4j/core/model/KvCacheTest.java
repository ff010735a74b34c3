package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

class KvCacheTest {
    @Test
    void appendsInPlaceAndReturnsEverythingHeldSoFar() {
        try (NDManager m = NDManager.newBaseManager(); KvCache cache = new KvCache(m, 1, 5)) {
            NDArray first = m.arange(0f, 12f).reshape(1, 2, 3, 2); // three tokens
            NDArray second = m.arange(100f, 104f).reshape(1, 2, 1, 2); // one more
            try (NDScope scope = new NDScope()) { // the buffers outlive the step that made them
                cache.append(0, first, first.neg());
            }
            NDArray[] kv = cache.append(0, second, second.neg());
            assertThat(kv[0].getShape()).isEqualTo(new Shape(1, 2, 4, 2));
            assertThat(kv[0].toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5, 100, 101, 6, 7, 8, 9, 10, 11, 102, 103);
            assertThat(kv[1].toFloatArray()[6]).isEqualTo(-100f);
            assertThat(cache.length()).isEqualTo(4);
            assertThatThrownBy(() -> cache.append(0, first, first)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("KV cache of 5 tokens cannot take 3 more after 4");
        }
    }

    @Test
    void aCacheNeedsRoom() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> new KvCache(m, 2, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity must be > 0, got 0");
        }
    }
}
