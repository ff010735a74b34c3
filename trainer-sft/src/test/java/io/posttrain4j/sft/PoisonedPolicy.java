package io.posttrain4j.sft;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainablePolicy;

/** Wraps a policy and turns the scores of one prompt text into NaN, to test the skip of non-finite steps. */
final class PoisonedPolicy implements TrainablePolicy {
    private final TrainablePolicy inner;
    private final String poison;

    PoisonedPolicy(TrainablePolicy inner, String poison) {
        this.inner = inner;
        this.poison = poison;
    }

    @Override
    public Scores score(NDManager manager, List<Observation> observations, List<int[]> responses, ScoreOptions options) {
        Scores s = inner.score(manager, observations, responses, options);
        boolean bad = observations.stream().anyMatch(o -> o.lastUserText().equals(poison));
        if (!bad) {
            return s;
        }
        NDArray nan = s.logProbs().mul(Float.NaN);
        return new Scores(nan, s.weights(), s.mask(), s.entropy(), s.values(), s.promptTokens(), s.responseTokens());
    }

    @Override public String name() { return "poisoned " + inner.name(); }
    @Override public List<Generation> generate(List<Observation> o, Sampling s, long[] seeds) { return inner.generate(o, s, seeds); }
    @Override public int[] encodeResponse(String text) { return inner.encodeResponse(text); }
    @Override public int promptTokens(Observation o) { return inner.promptTokens(o); }
    @Override public Map<String, NDArray> parameters() { return inner.parameters(); }
    @Override public long parameterCount() { return inner.parameterCount(); }
    @Override public TrainablePolicy frozenCopy() { return inner.frozenCopy(); }
    @Override public void save(Path dir) throws IOException { inner.save(dir); }
    @Override public void loadWeights(Path dir) throws IOException { inner.loadWeights(dir); }
}
