package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.SpecialTokens;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.NoGrad;

/**
 * Batched generation with a KV cache: one prefill pass over the left-padded prompts, then one step per new token
 * for the whole batch; each row stops on its own end-of-turn. Grad mode is off on the calling thread for the
 * duration (restored after), and every step's arrays are freed when its {@link NDScope} closes.
 */
final class Generator {
    private Generator() {}

    static List<Generation> generate(Network net, ChatTemplate template, List<Observation> observations,
            Sampling sampling, long[] seeds, boolean useCache) {
        List<EncodedPrompt> prompts = new ArrayList<>(observations.size());
        for (Observation o : observations) {
            prompts.add(template.encodePrompt(o));
        }
        return generate(net, template.tokenizer(), template::tokensFor, prompts, sampling, seeds, useCache);
    }

    /** Generation from prompts already encoded (their images need {@code tokensPerImage} placeholders each). */
    static List<Generation> generate(Network net, Tokenizer tokenizer, int tokensPerImage,
            List<EncodedPrompt> prompts, Sampling sampling, long[] seeds, boolean useCache) {
        return generate(net, tokenizer, image -> tokensPerImage, prompts, sampling, seeds, useCache);
    }

    /** Generation from prompts already encoded, whose image k holds {@code tokensOf(image k)} placeholders. */
    static List<Generation> generate(Network net, Tokenizer tokenizer, ToIntFunction<RgbImage> tokensOf,
            List<EncodedPrompt> prompts, Sampling sampling, long[] seeds, boolean useCache) {
        int b = prompts.size();
        if (seeds.length != b) {
            throw new IllegalArgumentException("need one seed per observation: " + b + " observations, "
                    + seeds.length + " seeds");
        }
        if (b == 0) {
            return List.of();
        }
        ModelConfig c = net.config;
        SpecialTokens sp = tokenizer.special();
        int vocab = c.vocabSize();
        int usable = Math.min(vocab, tokenizer.vocabSize());
        SequenceBatch sb = SequenceBatch.of(prompts, null, sp.pad(), tokensOf);
        int p = sb.promptColumns;
        if (p + sampling.maxNewTokens() > c.maxPositions()) {
            throw new IllegalArgumentException("prompt of " + p + " tokens + maxNewTokens "
                    + sampling.maxNewTokens() + " exceeds maxPositions " + c.maxPositions());
        }
        int[][] tokens = new int[b][sampling.maxNewTokens()];
        float[][] logProbs = new float[b][sampling.maxNewTokens()];
        int[] count = new int[b];
        boolean[] done = new boolean[b];
        try (NoGrad ignored = NoGrad.enter(); NDManager work = net.manager.newSubManager();
                KvCache cache = useCache ? new KvCache(work, c.layers(), p + sampling.maxNewTokens()) : null) {
            float[] logits;
            try (NDScope scope = new NDScope()) {
                NDArray hidden = Forward.hidden(net, sb, work, cache); // (B, P, C)
                logits = net.logits(hidden.get(new NDIndex(":, {}:", p - 1))).toFloatArray(); // (B, 1, V)
            }
            long[] history = useCache ? null : sb.ids.clone();
            for (int step = 0; ; step++) {
                int active = 0;
                long[] next = new long[b];
                for (int r = 0; r < b; r++) {
                    next[r] = sp.pad();
                    if (done[r]) {
                        continue;
                    }
                    TokenSampler.Pick pick = TokenSampler.pick(logits, r * vocab, vocab, usable, sampling, seeds[r],
                            step);
                    tokens[r][count[r]] = pick.token();
                    logProbs[r][count[r]] = pick.logProb();
                    count[r]++;
                    next[r] = pick.token();
                    if (pick.token() == sp.endOfTurn() || count[r] == sampling.maxNewTokens()) {
                        done[r] = true;
                    } else {
                        active++;
                    }
                }
                if (active == 0) {
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    if (useCache) {
                        logits = cachedStep(net, sb, work, cache, next, step);
                    } else {
                        history = append(history, b, p + step, next);
                        logits = recomputedStep(net, sb, work, history, p + step + 1);
                    }
                }
            }
        }
        List<Generation> out = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            int[] t = Arrays.copyOf(tokens[r], count[r]);
            boolean stopped = count[r] > 0 && t[count[r] - 1] == sp.endOfTurn();
            int[] body = stopped ? Arrays.copyOf(t, t.length - 1) : t;
            out.add(new Generation(tokenizer.decode(body), t, Arrays.copyOf(logProbs[r], count[r]),
                    stopped));
        }
        return out;
    }

    private static float[] cachedStep(Network net, SequenceBatch sb, NDManager work, KvCache cache, long[] next,
            int step) {
        int b = sb.rows;
        long[] pos = new long[b];
        for (int r = 0; r < b; r++) {
            pos[r] = sb.promptLengths[r] + step; // the sampled token sits right after the row's previous one
        }
        int keys = sb.promptColumns + step + 1;
        NDArray x = net.embed(Tensors.owned(work, next, b, 1)); // (B, 1, C)
        NDArray bias = Tensors.owned(work, sb.stepBias(keys), b, 1, 1, 1, keys);
        NDArray hidden = net.decode(x, Tensors.owned(work, pos, b, 1), bias, cache); // (B, 1, C)
        return net.logits(hidden).toFloatArray(); // (B, 1, V)
    }

    /** The baseline the KV cache is measured against: the whole prefix again every step. */
    private static float[] recomputedStep(Network net, SequenceBatch sb, NDManager work, long[] history, int t) {
        SequenceBatch longer = sb.extendedTo(history, t);
        NDArray hidden = Forward.hidden(net, longer, work, null); // (B, T, C)
        return net.logits(hidden.get(new NDIndex(":, {}:", t - 1))).toFloatArray(); // (B, 1, V)
    }

    private static long[] append(long[] history, int b, int t, long[] next) {
        long[] out = new long[b * (t + 1)];
        for (int r = 0; r < b; r++) {
            System.arraycopy(history, r * t, out, r * (t + 1), t);
            out[r * (t + 1) + t] = next[r];
        }
        return out;
    }
}
