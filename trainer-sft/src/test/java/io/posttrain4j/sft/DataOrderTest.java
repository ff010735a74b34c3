package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DataOrderTest {
    @Test
    void everyEpochIsAPermutationDecidedBySeedAndEpoch() {
        DataOrder a = new DataOrder(50, 3);
        DataOrder b = new DataOrder(50, 3);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] p = a.permutation(epoch);
            assertThat(p).isEqualTo(b.permutation(epoch));
            assertThat(Arrays.stream(p).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
        }
        assertThat(a.permutation(0)).isNotEqualTo(a.permutation(1));
        assertThat(new DataOrder(50, 4).permutation(0)).isNotEqualTo(a.permutation(0));
    }

    @Test
    void aBatchRunsOnIntoTheNextEpochAndReturnsTheNextCursor() {
        DataOrder order = new DataOrder(5, 9);
        DataOrder.Batch batch = order.take(0, 3, 4);
        int[] e0 = order.permutation(0);
        int[] e1 = order.permutation(1);
        assertThat(batch.indices()).containsExactly(e0[3], e0[4], e1[0], e1[1]);
        assertThat(batch.epoch()).isEqualTo(1);
        assertThat(batch.position()).isEqualTo(2);
    }

    @Test
    void readingFromACursorGivesTheSameBatchesAsReadingStraightThrough() {
        DataOrder straight = new DataOrder(7, 1);
        long epoch = 0;
        long position = 0;
        int[][] batches = new int[6][];
        for (int i = 0; i < 6; i++) {
            DataOrder.Batch b = straight.take(epoch, position, 3);
            batches[i] = b.indices();
            epoch = b.epoch();
            position = b.position();
        }
        // a fresh order (a resumed process) started at the cursor after batch 2
        DataOrder resumed = new DataOrder(7, 1);
        DataOrder.Batch third = resumed.take(0, 6, 3);
        assertThat(third.indices()).isEqualTo(batches[2]);
    }

    @Test
    void aCursorOutsideTheEpochIsRejected() {
        DataOrder order = new DataOrder(5, 0);
        assertThatThrownBy(() -> order.take(0, 5, 1)).hasMessageContaining("0 <= position < 5");
        assertThatThrownBy(() -> new DataOrder(0, 0)).hasMessageContaining("got 0");
    }
}
