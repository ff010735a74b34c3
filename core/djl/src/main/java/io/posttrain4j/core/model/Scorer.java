package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

/**
 * Differentiable scoring of given responses in one padded forward pass (see
 * {@link io.posttrain4j.core.train.TrainablePolicy#score}). Intermediate arrays are freed when its
 * {@link NDScope} closes; the autograd graph keeps what backward needs.
 */
final class Scorer {
    private Scorer() {}

    static Scores score(Network net, ChatTemplate template, NDManager out, List<Observation> observations,
            List<int[]> responses, ScoreOptions options) {
        int b = observations.size();
        if (responses.size() != b) {
            throw new IllegalArgumentException("need one response per observation: " + b + " observations, "
                    + responses.size() + " responses");
        }
        if (b == 0) {
            throw new IllegalArgumentException("nothing to score: no observations");
        }
        ModelConfig c = net.config;
        for (int i = 0; i < b; i++) {
            for (int id : responses.get(i)) {
                if (id < 0 || id >= c.vocabSize()) {
                    throw new IllegalArgumentException("response " + i + " holds token id " + id
                            + " outside the vocabulary [0, " + c.vocabSize() + ")");
                }
            }
        }
        List<EncodedPrompt> prompts = new ArrayList<>(b);
        for (Observation o : observations) {
            prompts.add(template.encodePrompt(o));
        }
        Tokenizer tok = template.tokenizer();
        SequenceBatch sb = SequenceBatch.of(prompts, responses, tok.special().pad(), template::tokensFor);
        if (sb.columns() > c.maxPositions()) {
            throw new IllegalArgumentException("prompt + response of " + sb.columns() + " tokens exceeds "
                    + "maxPositions " + c.maxPositions());
        }
        int p = sb.promptColumns;
        int r = sb.responseColumns;
        long[] targets = new long[b * r];
        float[] mask = new float[b * r];
        float[] weights = new float[b * r];
        for (int i = 0; i < b; i++) {
            int[] resp = responses.get(i);
            float[] w = tokenWeights(tok, resp, options);
            for (int j = 0; j < resp.length; j++) {
                targets[i * r + j] = resp[j];
                mask[i * r + j] = 1;
                weights[i * r + j] = w[j];
            }
        }
        // Inputs are made on the model's device; the results move to the caller's manager at the end.
        NDManager m = net.manager;
        try (NDScope scope = new NDScope()) {
            NDArray hidden = Forward.hidden(net, sb, m, null); // (B, T, C)
            // Column P-1+j predicts response token j.
            NDArray h = hidden.get(new NDIndex(":, {}:{}", p - 1, p - 1 + r)); // (B, R, C)
            NDArray logp = Tensors.div(net.logits(h), options.temperature()).logSoftmax(2); // (B, R, V)
            NDArray maskArr = Tensors.owned(m, mask, b, r); // (B, R)
            NDArray lp = logp.gather(Tensors.owned(m, targets, b, r, 1), 2).squeeze(2).mul(maskArr); // (B, R)
            NDArray entropy = options.withEntropy()
                    ? logp.exp().mul(logp).sum(new int[] {2}).neg().mul(maskArr) // (B, R)
                    : null;
            NDArray values = options.withValues() ? net.value(hidden.get(new NDIndex(":, {}", p - 1))) : null; // (B)
            NDArray weightArr = Tensors.owned(m, weights, b, r);
            return new Scores(keep(lp, out), keep(weightArr, out), keep(maskArr, out), keep(entropy, out),
                    keep(values, out), sb.promptLengths.clone(), sb.responseLengths.clone());
        }
    }

    private static NDArray keep(NDArray a, NDManager out) {
        if (a != null) {
            NDScope.unregister(a);
            a.attach(out);
        }
        return a;
    }

    /**
     * Per-token weights: tokens whose decoded text ends at or before the first occurrence of the answer key get
     * {@code thoughtWeight}, the rest 1; all 1 when there is no key or the response does not contain it.
     */
    static float[] tokenWeights(Tokenizer tok, int[] response, ScoreOptions options) {
        float[] w = new float[response.length];
        Arrays.fill(w, 1f);
        if (options.answerKey() == null || options.answerKey().isEmpty()) {
            return w;
        }
        int keyAt = tok.decode(response).indexOf(options.answerKey());
        if (keyAt < 0) {
            return w;
        }
        for (int j = 0; j < response.length; j++) {
            int end = tok.decode(Arrays.copyOf(response, j + 1)).length();
            if (end > keyAt) {
                break;
            }
            w[j] = (float) options.thoughtWeight();
        }
        return w;
    }
}
