package io.posttrain4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.tensor.Tensors;

/**
 * Builds the NDArray inputs of a {@link SequenceBatch} and runs the shared first part of every forward pass.
 *
 * <p>Inputs are made with {@link Tensors#owned}: autograd keeps some of them (gather and embedding indices) until
 * backward, after the arrays here are closed, so they must not point into Java memory.
 */
final class Forward {
    private Forward() {}

    /** Input embeddings (B, T, C) with image patches in place of the image placeholders. */
    static NDArray embeddings(Network net, SequenceBatch sb, NDManager m) {
        int t = sb.columns();
        NDArray x = net.embed(Tensors.owned(m, sb.ids, sb.rows, t)); // (B, T, C)
        if (sb.imageGather == null) {
            return x;
        }
        ModelConfig c = net.config;
        if (net.vision == null) {
            throw new IllegalArgumentException("this model is text-only (visionLayers = 0) but the batch holds "
                    + sb.images.size() + " images");
        }
        NDArray patches = net.vision.encodeImages(sb.images, c, m); // (image tokens, C)
        if (patches.getShape().get(0) != sb.imageRows) {
            throw new IllegalArgumentException("the prompts hold " + sb.imageRows + " image placeholders for "
                    + sb.images.size() + " images but the image encoder makes " + patches.getShape().get(0)
                    + " tokens of them (a chat template whose placeholder count does not follow the encoder's)");
        }
        return Network.mergeImages(x, patches, Tensors.owned(m, sb.imageGather, sb.rows, t)); // (B, T, C)
    }

    /** Rotary positions (B, T) of all columns. */
    static NDArray positions(SequenceBatch sb, NDManager m) {
        return Tensors.owned(m, sb.positions, sb.rows, sb.columns());
    }

    /** The causal + padding bias (B, 1, 1, T, T); masked entries are finite (see {@link Network#MASKED}). */
    static NDArray fullBias(SequenceBatch sb, NDManager m) {
        int t = sb.columns();
        NDArray padding = Tensors.owned(m, sb.stepBias(t), sb.rows, 1, 1, 1, t); // (B, 1, 1, 1, T)
        return padding.add(Tensors.owned(m, sb.causalBias(), 1, 1, 1, t, t)); // (B, 1, 1, T, T)
    }

    /** Hidden states (B, T, C) of all columns, no cache. */
    static NDArray hidden(Network net, SequenceBatch sb, NDManager m, KvCache cache) {
        return net.decode(embeddings(net, sb, m), positions(sb, m), fullBias(sb, m), cache);
    }
}
