package io.posttrain4j.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * A softmax policy over a fixed list of candidate answers, one row of logits per distinct prompt text: the
 * smallest {@link TrainablePolicy} a trainer can learn with. Each answer is one token (its index).
 */
public final class TabularPolicy implements TrainablePolicy {
    private final List<String> candidates;
    private final List<String> states = new ArrayList<>();
    private final NDManager parent;
    private final NDManager manager;
    private final NDArray logits; // (S, C)
    private final NDArray value; // (S)
    private final int maxStates;

    public TabularPolicy(NDManager parent, List<String> candidates, int maxStates) {
        this.candidates = List.copyOf(candidates);
        this.maxStates = maxStates;
        this.parent = parent;
        this.manager = parent.newSubManager();
        this.logits = manager.zeros(new Shape(maxStates, candidates.size()), DataType.FLOAT32);
        this.value = manager.zeros(new Shape(maxStates), DataType.FLOAT32);
        logits.setRequiresGradient(true);
        value.setRequiresGradient(true);
    }

    private int state(Observation o) {
        String key = o.messages().toString();
        int i = states.indexOf(key);
        if (i < 0) {
            if (states.size() == maxStates) {
                throw new IllegalStateException("more than " + maxStates + " distinct prompts");
            }
            states.add(key);
            i = states.size() - 1;
        }
        return i;
    }

    @Override
    public String name() {
        return "tabular";
    }

    @Override
    public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
        List<Generation> out = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < observations.size(); i++) {
                int s = state(observations.get(i));
                float[] row = logits.get(s).toFloatArray();
                double t = sampling.isGreedy() ? 1 : sampling.temperature();
                double[] lp = logSoftmax(row, t);
                int pick;
                if (sampling.isGreedy()) {
                    pick = 0;
                    for (int c = 1; c < lp.length; c++) {
                        if (lp[c] > lp[pick]) {
                            pick = c;
                        }
                    }
                } else {
                    double u = new SplittableRandom(seeds[i]).nextDouble();
                    pick = lp.length - 1;
                    double acc = 0;
                    for (int c = 0; c < lp.length; c++) {
                        acc += Math.exp(lp[c]);
                        if (u < acc) {
                            pick = c;
                            break;
                        }
                    }
                }
                out.add(new Generation(candidates.get(pick), new int[] {pick}, new float[] {(float) lp[pick]}, true));
            }
        }
        return out;
    }

    private static double[] logSoftmax(float[] row, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : row) {
            max = Math.max(max, x / t);
        }
        double sum = 0;
        for (float x : row) {
            sum += Math.exp(x / t - max);
        }
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i] / t - max - Math.log(sum);
        }
        return out;
    }

    @Override
    public int[] encodeResponse(String text) {
        int i = candidates.indexOf(text.trim());
        if (i < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a candidate; known: " + candidates);
        }
        return new int[] {i};
    }

    @Override
    public int promptTokens(Observation observation) {
        return 1;
    }

    @Override
    public Scores score(NDManager m, List<Observation> observations, List<int[]> responses, ScoreOptions options) {
        int b = observations.size();
        long[] rows = new long[b];
        long[] picks = new long[b];
        for (int i = 0; i < b; i++) {
            rows[i] = state(observations.get(i));
            picks[i] = responses.get(i)[0];
        }
        NDArray rowIdx = m.create(rows);
        NDArray pickIdx = m.create(picks).reshape(b, 1);
        NDArray rowLogits = Tensors.div(logits.get(new NDIndex("{}", rowIdx)), options.temperature()); // (B, C)
        NDArray logp = rowLogits.logSoftmax(1);
        NDArray chosen = logp.gather(pickIdx, 1); // (B, 1)
        NDArray ones = m.ones(new Shape(b, 1));
        NDArray entropy = options.withEntropy() ? logp.exp().mul(logp).sum(new int[] {1}, true).neg() : null;
        NDArray values = options.withValues() ? value.get(new NDIndex("{}", rowIdx)) : null;
        int[] ones1 = new int[b];
        java.util.Arrays.fill(ones1, 1);
        return new Scores(chosen, ones, ones, entropy, values, ones1.clone(), ones1);
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("logits", logits);
        p.put("value", value);
        return p;
    }

    @Override
    public java.util.Set<String> valueHeadParameters() {
        return java.util.Set.of("value");
    }

    @Override
    public long parameterCount() {
        return logits.size() + value.size();
    }

    @Override
    public TrainablePolicy frozenCopy() {
        TabularPolicy copy = new TabularPolicy(parent, candidates, maxStates);
        copy.states.addAll(states);
        try (NoGrad ignored = NoGrad.enter()) {
            copy.logits.set(new NDIndex(":"), logits);
            copy.value.set(new NDIndex(":"), value);
        }
        copy.logits.setRequiresGradient(false);
        copy.value.setRequiresGradient(false);
        return copy;
    }

    /** The probability the policy gives {@code answer} for {@code observation}. */
    public double probability(Observation observation, String answer) {
        try (NoGrad ignored = NoGrad.enter()) {
            float[] row = logits.get(state(observation)).toFloatArray();
            return Math.exp(logSoftmax(row, 1)[candidates.indexOf(answer)]);
        }
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("states", states);
        state.put("logits", logits.toFloatArray());
        state.put("value", value.toFloatArray());
        java.nio.file.Files.createDirectories(dir);
        io.posttrain4j.core.io.AtomicFiles.writeString(dir.resolve("tabular.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(state));
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("tabular.json").toFile());
        states.clear();
        node.get("states").forEach(n -> states.add(n.asText()));
        float[] l = new float[(int) logits.size()];
        float[] v = new float[(int) value.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) node.get("logits").get(i).asDouble();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get("value").get(i).asDouble();
        }
        try (NoGrad ignored = NoGrad.enter(); NDManager m = manager.newSubManager()) {
            logits.set(new NDIndex(":"), m.create(l, logits.getShape()));
            value.set(new NDIndex(":"), m.create(v, value.getShape()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
