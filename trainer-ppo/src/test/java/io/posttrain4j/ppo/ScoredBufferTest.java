package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;

class ScoredBufferTest {
    private static PpoConfig config(TruncationBootstrap mode) {
        return PpoTrainerTest.toy(Algorithm.PPO, 1).toBuilder().truncationBootstrap(mode).build();
    }

    /** A tabular policy whose value of the k-th distinct prompt is k + 1, so bootstraps are recognisable. */
    private static void distinctValues(TabularPolicy policy) {
        try (NoGrad ignored = NoGrad.enter()) {
            var v = policy.parameters().get("value");
            float[] ramp = new float[(int) v.size()];
            for (int i = 0; i < ramp.length; i++) {
                ramp[i] = i + 1;
            }
            v.set(new NDIndex(":"), v.getManager().create(ramp));
        }
    }

    @Test
    void oldLogProbsComeFromScoringAndTruncationsBootstrapFromTheirNextObservation() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            distinctValues(policy);
            Rollout r = new RolloutCollector(policy, Sampling.temperature(1.0, 4), 10)
                    .collectSteps(ToyEnvironment::new, 5, 4, 6);
            ScoredBuffer b = ScoredBuffer.score(m, policy, null, r.samples(),
                    config(TruncationBootstrap.NEXT_OBSERVATION), 8);
            for (int i = 0; i < r.samples().size(); i++) {
                Sample s = r.samples().get(i);
                assertThat(b.oldLogProbs()[i]).isCloseTo(Math.log(1.0 / 3), within(1e-6));
                assertThat(b.oldValues()[i]).isEqualTo(value(m, policy, s.observation(), s));
                if (s.bootstraps()) {
                    assertThat(b.bootstrap()[i]).isEqualTo(value(m, policy, s.step().observation(), s));
                } else {
                    assertThat(b.bootstrap()[i]).isZero();
                }
            }
            assertThat(r.samples()).anyMatch(s -> s.step().truncated());
        }
    }

    @Test
    void theReferenceQuirkBootstrapsATruncationFromTheNextEpisodesFirstValue() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            distinctValues(policy);
            Rollout r = new RolloutCollector(policy, Sampling.temperature(1.0, 4), 10)
                    .collectSteps(ToyEnvironment::new, 5, 4, 6);
            List<Sample> s = r.samples();
            ScoredBuffer b = ScoredBuffer.score(m, policy, null, s, config(TruncationBootstrap.NEXT_EPISODE), 8);
            int checked = 0;
            for (int i = 0; i + 1 < s.size(); i++) {
                if (s.get(i).step().truncated() && s.get(i + 1).stream() == s.get(i).stream()) {
                    assertThat(b.bootstrap()[i]).isEqualTo(b.oldValues()[i + 1]);
                    assertThat(s.get(i + 1).turn()).isZero();
                    checked++;
                }
            }
            assertThat(checked).isPositive();
        }
    }

    private static double value(NDManager m, TabularPolicy p, io.posttrain4j.core.env.Observation o, Sample s) {
        try (NoGrad ignored = NoGrad.enter(); NDManager step = m.newSubManager()) {
            return p.score(step, List.of(o), List.of(s.generation().tokens()), new ScoreOptions(1, null, 1, true, false))
                    .values().toFloatArray()[0];
        }
    }
}
