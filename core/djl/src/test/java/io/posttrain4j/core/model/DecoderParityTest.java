package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.train.NoGrad;

class DecoderParityTest {
    /** Text-only, untied, Qwen2-style q/k/v biases, 3 query heads per kv head: the paths the presets skip. */
    private static final ModelConfig QWEN_LIKE = new ModelConfig(40, 24, 2, 6, 2, 40, 1e-6, 1e6, 64, false, true,
            0, 0, 0, 0, 0, 0, List.of(8), null, false, null);

    @Test
    void stepByStepCachedLogitsEqualOneFullPassForEveryPaddedRow() {
        for (ModelConfig c : List.of(ModelConfig.preset("tiny"), QWEN_LIKE)) {
            try (Network net = new Network(c, Device.cpu(), 17, false, Set.of());
                    NoGrad ignored = NoGrad.enter()) {
                SplittableRandom rng = new SplittableRandom(4);
                int[][] rows = {new int[11], new int[6], new int[1]};
                for (int[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        r[i] = rng.nextInt(c.vocabSize());
                    }
                }
                List<EncodedPrompt> full = List.of(prompt(rows[0]), prompt(rows[1]), prompt(rows[2]));
                SequenceBatch all = SequenceBatch.of(full, null, 0, 0);
                float[] reference;
                try (NDScope scope = new NDScope()) {
                    reference = net.logits(Forward.hidden(net, all, net.manager, null)).toFloatArray(); // (B, T, V)
                }
                // The cached run: every row left-padded to the same T, fed column by column after a prefill.
                int t = all.columns();
                int v = c.vocabSize();
                try (KvCache cache = new KvCache(net.manager, c.layers(), t)) {
                    for (int col = 0; col < t; col++) {
                        long[] ids = new long[3];
                        long[] pos = new long[3];
                        for (int b = 0; b < 3; b++) {
                            ids[b] = all.ids[b * t + col];
                            pos[b] = all.positions[b * t + col];
                        }
                        float[] step;
                        try (NDScope scope = new NDScope()) {
                            NDArray x = net.embed(io.posttrain4j.core.tensor.Tensors.owned(net.manager, ids, 3, 1));
                            NDArray bias = io.posttrain4j.core.tensor.Tensors.owned(net.manager, causalRow(all, col), 3, 1, 1, 1, col + 1);
                            step = net.logits(net.decode(x, io.posttrain4j.core.tensor.Tensors.owned(net.manager, pos, 3, 1), bias, cache))
                                    .toFloatArray(); // (B, 1, V)
                        }
                        for (int b = 0; b < 3; b++) {
                            if (col < all.pad[b]) {
                                continue; // padding columns predict nothing
                            }
                            for (int k = 0; k < v; k++) {
                                float want = reference[(b * t + col) * v + k];
                                assertThat(Math.abs(step[b * v + k] - want)).as("row %d col %d", b, col)
                                        .isLessThan(1e-5f);
                            }
                        }
                    }
                    assertThat(cache.length()).isEqualTo(t);
                }
                // A row alone gives the same logits as inside the padded batch.
                SequenceBatch alone = SequenceBatch.of(List.of(full.get(1)), null, 0, 0);
                try (NDScope scope = new NDScope()) {
                    float[] a = net.logits(Forward.hidden(net, alone, net.manager, null)).toFloatArray();
                    int ta = alone.columns();
                    for (int j = 0; j < ta; j++) {
                        for (int k = 0; k < v; k++) {
                            float want = reference[(t + all.pad[1] + j) * v + k];
                            assertThat(Math.abs(a[j * v + k] - want)).isLessThan(1e-5f);
                        }
                    }
                }
            }
        }
    }

    private static float[] causalRow(SequenceBatch sb, int col) {
        float[] bias = new float[sb.rows * (col + 1)];
        for (int b = 0; b < sb.rows; b++) {
            for (int j = 0; j <= col; j++) {
                bias[b * (col + 1) + j] = j >= sb.pad[b] ? 0 : Network.MASKED;
            }
        }
        return bias;
    }

    private static EncodedPrompt prompt(int[] ids) {
        return new EncodedPrompt(ids, List.of(), new int[0]);
    }

    @Test
    void equalSeedsGiveEqualWeightsAndOtherSeedsOthers() {
        ModelConfig c = ModelConfig.preset("tiny");
        try (Network a = new Network(c, Device.cpu(), 5, false, Set.of());
                Network b = new Network(c, Device.cpu(), 5, false, Set.of());
                Network d = new Network(c, Device.cpu(), 6, false, Set.of())) {
            for (String name : a.parameters().keySet()) {
                assertThat(b.parameters().get(name).toFloatArray()).as(name)
                        .containsExactly(a.parameters().get(name).toFloatArray());
            }
            assertThat(d.parameters().get("model.embed_tokens.weight").toFloatArray())
                    .isNotEqualTo(a.parameters().get("model.embed_tokens.weight").toFloatArray());
            // A pinned value guards cross-machine reproducibility of the Java-side initialiser.
            float first = a.parameters().get("model.embed_tokens.weight").get(new NDIndex("0, 0")).getFloat();
            assertThat(first).isEqualTo(ParameterLayout.initialValues(
                    ParameterLayout.of(c).get("model.embed_tokens.weight"), 5)[0]);
        }
    }
}
