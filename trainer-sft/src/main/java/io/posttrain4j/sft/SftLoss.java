package io.posttrain4j.sft;

import ai.djl.ndarray.NDArray;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.Scores;

/** The SFT objective on scored responses. */
public final class SftLoss {
    private SftLoss() {}

    /**
     * {@code sum(-logProbs * mask) / normaliser}: the negative log-likelihood of the response tokens (padding
     * masked out; prompt tokens are never in {@link Scores#logProbs()}), divided by the response-token count of
     * the whole optimizer batch so that micro-batch losses add up to the batch's token mean.
     */
    public static NDArray tokenNll(Scores scores, long normaliser) {
        if (normaliser < 1) {
            throw new IllegalArgumentException("normaliser must be >= 1 response token, got " + normaliser);
        }
        return Tensors.div(scores.logProbs().mul(scores.mask()).sum().neg(), normaliser);
    }
}
