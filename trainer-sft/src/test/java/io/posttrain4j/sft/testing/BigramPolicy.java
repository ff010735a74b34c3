package io.posttrain4j.sft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * A character bigram language model: {@code log p(next | prev) = logSoftmax(W[prev])[next]}. Small enough to
 * compute its loss by hand, yet it has real token sequences, padding and a prompt/response boundary: the first
 * response token is predicted from the last prompt token, and no prompt token is ever a target.
 * Tokens: 0 = end of turn, 1..95 = printable ASCII 32..126 (other characters map to '?').
 */
public final class BigramPolicy implements TrainablePolicy {
    public static final int VOCAB = 96;
    private final NDManager manager;
    private final NDArray weights; // (V, V)

    public BigramPolicy(NDManager parent, long seed) {
        manager = parent.newSubManager();
        float[] w = new float[VOCAB * VOCAB];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        try (NDArray staged = manager.create(w, new Shape(VOCAB, VOCAB))) {
            weights = staged.duplicate(); // a torch-owned clone: the staged array aliases a direct buffer
        }
        weights.setRequiresGradient(true);
    }

    public static int id(char c) {
        return c >= 32 && c <= 126 ? c - 31 : '?' - 31;
    }

    /** Prompt ids: the messages' texts joined by newlines, then a newline (the "assistant header"). */
    public static int[] promptIds(Observation o) {
        StringBuilder sb = new StringBuilder();
        for (Message m : o.messages()) {
            sb.append(m.text()).append('\n');
        }
        return sb.chars().map(c -> id((char) c)).toArray();
    }

    /** The bigram log-probability table, read out (for hand computations in tests). */
    public double[][] logProbTable() {
        float[] w = weights.toFloatArray();
        double[][] out = new double[VOCAB][VOCAB];
        for (int r = 0; r < VOCAB; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < VOCAB; c++) {
                max = Math.max(max, w[r * VOCAB + c]);
            }
            double sum = 0;
            for (int c = 0; c < VOCAB; c++) {
                sum += Math.exp(w[r * VOCAB + c] - max);
            }
            for (int c = 0; c < VOCAB; c++) {
                out[r][c] = w[r * VOCAB + c] - max - Math.log(sum);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "bigram";
    }

    @Override
    public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
        double[][] lp = logProbTable();
        List<Generation> out = new ArrayList<>();
        for (Observation o : observations) {
            int[] prompt = promptIds(o);
            int prev = prompt[prompt.length - 1];
            List<Integer> toks = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            boolean stopped = false;
            while (toks.size() < sampling.maxNewTokens()) {
                int best = 0;
                for (int c = 1; c < VOCAB; c++) {
                    if (lp[prev][c] > lp[prev][best]) {
                        best = c;
                    }
                }
                toks.add(best);
                if (best == 0) {
                    stopped = true;
                    break;
                }
                text.append((char) (best + 31));
                prev = best;
            }
            float[] lps = new float[toks.size()];
            out.add(new Generation(text.toString(), toks.stream().mapToInt(Integer::intValue).toArray(), lps, stopped));
        }
        return out;
    }

    @Override
    public int[] encodeResponse(String text) {
        int[] ids = new int[text.length() + 1];
        for (int i = 0; i < text.length(); i++) {
            ids[i] = id(text.charAt(i));
        }
        return ids; // last stays 0: end of turn
    }

    @Override
    public int promptTokens(Observation observation) {
        return promptIds(observation).length;
    }

    @Override
    public Scores score(NDManager m, List<Observation> observations, List<int[]> responses, ScoreOptions options) {
        int b = observations.size();
        int t = responses.stream().mapToInt(r -> r.length).max().orElse(1);
        long[] prev = new long[b * t];
        long[] next = new long[b * t];
        float[] mask = new float[b * t];
        int[] promptCounts = new int[b];
        int[] responseCounts = new int[b];
        for (int i = 0; i < b; i++) {
            int[] p = promptIds(observations.get(i));
            int[] r = responses.get(i);
            promptCounts[i] = p.length;
            responseCounts[i] = r.length;
            for (int j = 0; j < r.length; j++) {
                prev[i * t + j] = j == 0 ? p[p.length - 1] : r[j - 1];
                next[i * t + j] = r[j];
                mask[i * t + j] = 1;
            }
        }
        NDArray rows = weights.get(new NDIndex("{}", m.create(prev))); // (B*T, V)
        rows.attach(m);
        NDArray lp = Tensors.div(rows, options.temperature()).logSoftmax(1)
                .gather(m.create(next).reshape(b * t, 1), 1).reshape(b, t); // (B, T)
        NDArray maskArr = m.create(mask, new Shape(b, t));
        return new Scores(lp.mul(maskArr), maskArr, maskArr, null, null, promptCounts, responseCounts);
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("weights", weights);
        return p;
    }

    @Override
    public long parameterCount() {
        return weights.size();
    }

    @Override
    public TrainablePolicy frozenCopy() {
        throw new UnsupportedOperationException("not needed by the SFT tests");
    }

    @Override
    public void save(Path dir) throws IOException {
        float[] w = weights.toFloatArray();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(w.length * 4);
        buf.asFloatBuffer().put(w);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("bigram.bin"), out -> out.write(buf.array()));
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("bigram.bin")));
        float[] w = new float[VOCAB * VOCAB];
        buf.asFloatBuffer().get(w);
        try (NoGrad ignored = NoGrad.enter(); NDManager tmp = manager.newSubManager()) {
            weights.set(new NDIndex(":"), tmp.create(w, new Shape(VOCAB, VOCAB)));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
