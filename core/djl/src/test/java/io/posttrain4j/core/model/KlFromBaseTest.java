package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.train.KlFromBase;

class KlFromBaseTest {
    private static List<Observation> prompts() {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            out.add(Observation.of("Cards: ['" + (i % 9 + 2) + "', 'K']\nValues?"));
        }
        return out;
    }

    @Test
    void theBaseIsAtZeroFromItselfAndAnotherModelIsFarther() {
        try (DjlPolicy base = TinyPolicies.tiny(1); DjlPolicy other = TinyPolicies.tiny(2)) {
            KlFromBase kl = KlFromBase.sample(base, prompts(), 12, 5);
            assertThat(kl.size()).isEqualTo(24);
            // Sampling and scoring compute the same log-probabilities: the estimate for the base itself is 0.
            double self = kl.estimate(base, 7);
            assertThat(self).isCloseTo(0.0, within(1e-3));
            double far = kl.estimate(other, 7); // two near-uniform random inits: small, but far above rounding
            assertThat(far).isGreaterThan(0.02).isGreaterThan(20 * Math.abs(self));
            assertThat(kl.estimate(other, 24)).isCloseTo(far, within(1e-3)); // batching does not matter
            assertThat(KlFromBase.sample(base, prompts(), 12, 5).estimate(other, 7)).isEqualTo(far); // seeded
        }
    }
}
