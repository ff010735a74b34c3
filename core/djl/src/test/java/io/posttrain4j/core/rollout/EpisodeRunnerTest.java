package io.posttrain4j.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;

class EpisodeRunnerTest {
    private static List<String> texts(List<Episode> eps) {
        return eps.stream()
                .map(e -> e.seed() + ":" + e.transitions().stream().map(t -> t.generation().text()).toList())
                .toList();
    }

    @Test
    void episodesAreTheSameForAnyNumberOfSlots() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 16)) {
            Sampling s = Sampling.temperature(1.0, 4);
            List<Episode> one = new EpisodeRunner(policy, s, 1, 10).run(ToyEnvironment::new, 42, 0, 12);
            List<Episode> four = new EpisodeRunner(policy, s, 4, 10).run(ToyEnvironment::new, 42, 0, 12);
            assertThat(texts(four)).isEqualTo(texts(one));
            assertThat(one).extracting(Episode::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void aUniformPolicySucceedsSometimesAndEvaluationSumsTallies() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 16)) {
            List<Episode> eps = new EpisodeRunner(policy, Sampling.temperature(1.0, 4), 3, 10)
                    .run(ToyEnvironment::new, 7, 0, 60);
            EvalResult r = EvalResult.of("toy/default", eps);
            assertThat(r.episodes()).isEqualTo(60);
            assertThat(r.metrics().get("success").total()).isEqualTo(60);
            // two tries at 1/3 each: success about 5/9, far from 0 and 1
            assertThat(r.rate("success")).isBetween(0.3, 0.8);
            assertThat(eps).allSatisfy(e -> assertThat(e.transitions()).hasSizeBetween(1, 2));
        }
    }

    @Test
    void derivedSeedsDifferAcrossIndicesAndStreams() {
        assertThat(Seeds.derive(1, 0)).isNotEqualTo(Seeds.derive(1, 1));
        assertThat(Seeds.derive(1, 0, 1)).isNotEqualTo(Seeds.derive(1, 1, 0));
        assertThat(Seeds.stream(5, "eval")).isNotEqualTo(Seeds.stream(5, "rollout"));
    }
}
