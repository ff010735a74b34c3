package io.posttrain4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.posttrain4j.core.tensor.Tensors;

/**
 * Rotary position embeddings in the Hugging Face Llama convention ({@code rotate_half}: the first and second
 * halves of each head form the rotated pairs), from cos/sin tables built once per model.
 */
final class Rope {
    private final NDArray cos; // (maxPositions, hd)
    /** The sines with the first half negated: {@code rotate_half(x) * sin == cat(x2, x1) * signedSin}. */
    private final NDArray signedSin; // (maxPositions, hd)

    /**
     * Cos and signed sin of a batch's positions, shared by every layer of one forward pass.
     *
     * @param cos (B, 1, T, hd)
     * @param signedSin (B, 1, T, hd), the first half of each row negated
     */
    record Angles(NDArray cos, NDArray signedSin) {}

    /**
     * @param float32 compute as transformers does (see {@link ModelConfig#ropeFloat32()}); otherwise in double
     */
    Rope(NDManager manager, int maxPositions, int headDim, double theta, ModelConfig.RopeScaling scaling,
            boolean float32) {
        int half = headDim / 2;
        float[] c = new float[maxPositions * headDim];
        float[] s = new float[maxPositions * headDim];
        float[] invFreq32 = float32 ? inverseFrequencies32(headDim, theta, scaling) : null;
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                double angle;
                if (float32) {
                    angle = (float) p * invFreq32[i]; // one float32 product, as torch's (d/2, 1) @ (1, T)
                } else {
                    // In double, so tables agree across machines to float ulp.
                    double invFreq = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
                    if (scaling != null) {
                        invFreq = scaling.scale(invFreq);
                    }
                    angle = p * invFreq;
                }
                float cv = (float) Math.cos(angle);
                float sv = (float) Math.sin(angle);
                c[p * headDim + i] = cv;
                c[p * headDim + half + i] = cv;
                s[p * headDim + i] = -sv; // exact: (-x2) * s == x2 * (-s) in IEEE arithmetic
                s[p * headDim + half + i] = sv;
            }
        }
        this.cos = Tensors.owned(manager, c, maxPositions, headDim);
        this.signedSin = Tensors.owned(manager, s, maxPositions, headDim);
    }

    /**
     * The inverse frequencies in transformers' float32 arithmetic: {@code 1 / theta^(2i/d)} and, for llama3
     * scaling, its wavelength bands, each operation rounded to float as torch computes it on a float32 tensor
     * (a Python scalar divided by a tensor is the tensor's reciprocal times the scalar).
     */
    static float[] inverseFrequencies32(int headDim, double theta, ModelConfig.RopeScaling scaling) {
        int half = headDim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            inv[i] = 1f / (float) Math.pow(theta, exponent);
        }
        if (scaling == null) {
            return inv;
        }
        float factor = (float) scaling.factor();
        float low = (float) scaling.lowFreqFactor();
        float old = scaling.originalMaxPositions();
        float lowWavelen = (float) (scaling.originalMaxPositions() / scaling.lowFreqFactor());
        float highWavelen = (float) (scaling.originalMaxPositions() / scaling.highFreqFactor());
        float[] out = new float[half];
        for (int i = 0; i < half; i++) {
            float wavelen = (1f / inv[i]) * (float) (2 * Math.PI);
            float llama = wavelen > lowWavelen ? inv[i] / factor : inv[i];
            float smooth = ((1f / wavelen) * old - low) / (float) (scaling.highFreqFactor() - scaling.lowFreqFactor());
            float smoothed = (1 - smooth) * llama / factor + smooth * llama;
            boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
            out[i] = medium ? smoothed : llama;
        }
        return out;
    }

    /** The angles of {@code positions} (B, T), int64, shaped to broadcast over heads. */
    Angles angles(NDArray positions) {
        NDArray c = Embedding.embedding(positions, cos, SparseFormat.DENSE).get(0).expandDims(1); // (B, 1, T, hd)
        NDArray s = Embedding.embedding(positions, signedSin, SparseFormat.DENSE).get(0).expandDims(1); // (B, 1, T, hd)
        return new Angles(c, s);
    }

    /**
     * Rotates {@code x} (B, heads, T, hd) by {@code a}: {@code x * cos + rotate_half(x) * sin}, with the negation of
     * {@code rotate_half} folded into the signed sine table (bit for bit the same values, one op fewer).
     */
    static NDArray apply(NDArray x, Angles a) {
        long half = x.getShape().get(3) / 2;
        NDList halves = x.split(new long[] {half}, 3); // 2 x (B, heads, T, hd/2)
        NDArray swapped = NDArrays.concat(new NDList(halves.get(1), halves.get(0)), 3); // (B, heads, T, hd)
        return x.mul(a.cos()).add(swapped.mul(a.signedSin()));
    }
}
