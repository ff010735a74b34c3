package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.train.AdamW;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

class LearningTest {
    @Test
    void aFewAdamWStepsOnScoreLogProbsTeachTheTinyModelTwoAnswers() {
        List<Observation> obs = List.of(Observation.of("2+2"),
                Observation.of("red?", List.of(TinyPolicies.checker(16, 0xFF0000, 0xFF0000))));
        try (DjlPolicy p = TinyPolicies.tiny(1); NDManager root = NDManager.newBaseManager();
                AdamW adam = new AdamW(root, 0.9, 0.98, 1e-8, 0)) {
            List<int[]> answers = List.of(p.encodeResponse("4"), p.encodeResponse("yes"));
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 40; step++) {
                try (NDManager m = root.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Scores s = p.score(m, obs, answers, ScoreOptions.likelihood());
                        NDArray loss = s.logProbs().sum().neg().div(s.mask().sum());
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (step == 0) {
                            first = last;
                        }
                    }
                }
                adam.step(p.parameters(), 1e-2, 1.0);
            }
            assertThat(last).isLessThan(first / 20);
            List<Generation> g = p.generate(obs, Sampling.greedy(8), new long[2]);
            assertThat(g.get(0).text()).isEqualTo("4");
            assertThat(g.get(1).text()).isEqualTo("yes");
            assertThat(g).allMatch(Generation::stopped);
        }
    }
}
