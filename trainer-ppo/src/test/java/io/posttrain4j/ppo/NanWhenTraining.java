package io.posttrain4j.ppo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;
import io.posttrain4j.core.train.TrainablePolicy;

/** A policy that behaves like its delegate except that scores taken with autograd on are NaN. */
final class NanWhenTraining implements TrainablePolicy {
    private final TrainablePolicy inner;

    NanWhenTraining(TrainablePolicy inner) {
        this.inner = inner;
    }

    @Override
    public Scores score(NDManager manager, List<Observation> observations, List<int[]> responses,
            ScoreOptions options) {
        Scores s = inner.score(manager, observations, responses, options);
        if (!Autograd.isGradMode()) {
            return s;
        }
        NDArray nan = s.logProbs().mul(Float.NaN);
        return new Scores(nan, s.weights(), s.mask(), s.entropy(), s.values(), s.promptTokens(), s.responseTokens());
    }

    @Override
    public String name() {
        return "nan-when-training";
    }

    @Override
    public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
        return inner.generate(observations, sampling, seeds);
    }

    @Override
    public int[] encodeResponse(String text) {
        return inner.encodeResponse(text);
    }

    @Override
    public int promptTokens(Observation observation) {
        return inner.promptTokens(observation);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return inner.parameters();
    }

    @Override
    public long parameterCount() {
        return inner.parameterCount();
    }

    @Override
    public TrainablePolicy frozenCopy() {
        return inner.frozenCopy();
    }

    @Override
    public void save(Path dir) throws IOException {
        inner.save(dir);
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        inner.loadWeights(dir);
    }
}
