package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.testing.DirectMemoryChurn;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

/**
 * The forward pass keeps nothing in Java memory that backward reads: with freed direct buffers reused between
 * forward and backward, every parameter's gradient is bit-identical to a quiet run's. (With DJL's own scalar
 * arithmetic in the attention scale and the temperature, gradients here come out as ~1e30.)
 */
class GradientStabilityTest {
    private static Map<String, float[]> gradients(DjlPolicy policy, boolean churn) {
        List<Observation> obs = TinyPolicies.mixed();
        List<int[]> responses = new ArrayList<>();
        for (int i = 0; i < obs.size(); i++) {
            responses.add(policy.encodeResponse("answer " + i + " = 24"));
        }
        Map<String, NDArray> params = policy.parameters();
        Autograd.zeroGradients(params.values());
        try (NDManager m = NDManager.newBaseManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Scores s = policy.score(m, obs, responses, new ScoreOptions(0.7, "=", 0.5, true, true));
                NDArray loss = Tensors.div(s.logProbs().mul(s.weights()).sum().neg(), 17)
                        .add(s.values().square().sum()).sub(Tensors.mul(s.entropy().sum(), 0.01));
                List<ByteBuffer> held = churn ? DirectMemoryChurn.reuseFreedMemory() : List.of();
                gc.backward(loss);
                assertThat(held).isNotNull();
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, p.getGradient().toFloatArray()));
        return out;
    }

    @Test
    void gradientsDoNotDependOnWhatReusesFreedMemory() {
        try (DjlPolicy policy = TinyPolicies.tiny(3)) {
            Map<String, float[]> quiet = gradients(policy, false);
            for (int trial = 0; trial < 3; trial++) {
                Map<String, float[]> churned = gradients(policy, true);
                for (String name : quiet.keySet()) {
                    assertThat(churned.get(name)).as("gradient of %s, trial %d", name, trial)
                            .containsExactly(quiet.get(name));
                }
            }
        }
    }
}
