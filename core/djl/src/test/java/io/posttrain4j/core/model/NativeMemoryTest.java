package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

class NativeMemoryTest {
    @Test
    void liveArrayCountStaysFlatOverManyTrainingAndGenerationSteps() {
        try (DjlPolicy policy = TinyPolicies.tiny(2); DjlPolicy frozen = policy.frozenCopy()) {
            List<Observation> obs = TinyPolicies.mixed();
            Map<String, NDArray> params = policy.parameters();
            int[] counts = new int[20];
            for (int step = 0; step < counts.length; step++) {
                List<Generation> gens = policy.generate(obs, Sampling.temperature(1, 4),
                        new long[] {step, step + 1, step + 2, step + 3});
                List<int[]> responses = new ArrayList<>();
                gens.forEach(g -> responses.add(g.tokens()));
                try (NDManager m = NDManager.newBaseManager()) {
                    Scores ref = frozen.score(m, obs, responses, ScoreOptions.likelihood());
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Scores s = policy.score(m, obs, responses, new ScoreOptions(0.5, "a", 0.5, true, true));
                        NDArray loss = s.logProbs().sub(ref.logProbs()).square().mul(s.mask()).sum()
                                .add(s.values().square().sum()).sub(s.entropy().sum());
                        gc.backward(loss);
                    }
                    try (NoGrad ignored = NoGrad.enter()) {
                        for (NDArray p : params.values()) {
                            NDArray g = p.getGradient();
                            g.attach(m); // each getGradient() makes a new handle on the parameter's manager
                            p.subi(Tensors.mul(g, 1e-3));
                        }
                        Autograd.zeroGradients(params.values());
                    }
                }
                counts[step] = policy.manager().getManagedArrays().size()
                        + frozen.manager().getManagedArrays().size();
            }
            // After the first steps every count equals the first one: nothing accumulates.
            for (int step = 1; step < counts.length; step++) {
                assertThat(counts[step]).as("live arrays after step %d", step).isEqualTo(counts[0]);
            }
            // parameters, two RoPE tables and two 0-d constants (RMSNorm epsilon, attention scale), twice
            assertThat(counts[0]).isEqualTo(2 * (params.size() + 4));
        }
    }
}
