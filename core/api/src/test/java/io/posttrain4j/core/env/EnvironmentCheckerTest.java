package io.posttrain4j.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.testing.ToyEnvironment;

class EnvironmentCheckerTest {
    @Test
    void aWellBehavedEnvironmentPasses() {
        EnvironmentChecker.check(ToyEnvironment::new).throwIfFailed();
    }

    /** Ignores the seed: a classic bug the checker must catch. */
    static final class UnseededEnvironment implements Environment {
        private static final AtomicLong COUNTER = new AtomicLong();
        private boolean started;

        @Override
        public String id() {
            return "broken/unseeded";
        }

        @Override
        public Observation reset(long seed) {
            started = true;
            return Observation.of("hand " + COUNTER.incrementAndGet());
        }

        @Override
        public Step step(String action) {
            if (!started) {
                throw new IllegalStateException("step before reset");
            }
            return new Step(Observation.of("x"), 0, true, false, "done", false);
        }

        @Override
        public Map<String, Tally> episodeMetrics() {
            return Map.of("success", Tally.of(false));
        }
    }

    @Test
    void anEnvironmentThatIgnoresItsSeedAndStepsAfterTheEndIsReported() {
        EnvironmentChecker.Report report = EnvironmentChecker.check(UnseededEnvironment::new);
        assertThat(report.passed()).isFalse();
        assertThat(report.problems())
                .anyMatch(p -> p.contains("gave different observations"))
                .anyMatch(p -> p.contains("step after the episode ended did not fail"));
        assertThatThrownBy(report::throwIfFailed).isInstanceOf(AssertionError.class).hasMessageContaining("broken/unseeded");
    }

    @Test
    void observationsMustEndWithAUserTurn() {
        assertThatThrownBy(() -> new Observation(java.util.List.of(Message.assistant("hi"))))
                .hasMessageContaining("must end with a USER turn, got ASSISTANT");
    }
}
