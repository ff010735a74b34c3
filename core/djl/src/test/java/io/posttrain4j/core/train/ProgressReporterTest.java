package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void logModeWritesTheFirstUpdateThenAtMostOncePerIntervalAndTheLastStep() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        try (ProgressReporter p = ProgressReporter.lines("sft", 10, 0, Duration.ofSeconds(10), lines::add, clock::get)) {
            for (int step = 1; step <= 10; step++) {
                clock.addAndGet(3 * SECOND);
                p.update(step, "loss " + step);
            }
        }
        // updates at t = 3 (first), 15 (>= 10 s later), 27, and the last step at t = 30
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("sft 1/10 (10%) loss 1, 3s elapsed, eta 27s");
        assertThat(lines.get(lines.size() - 1)).startsWith("sft 10/10 (100%) loss 10");
    }

    @Test
    void closingAfterAThrottledUpdateWritesTheFinalPosition() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        ProgressReporter p = ProgressReporter.lines("ppo", 100, 40, Duration.ofSeconds(60), lines::add, clock::get);
        p.update(41, "");
        p.update(50, "stopped early");
        p.close();
        p.close();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("ppo 50/100 (50%) stopped early");
    }

    @Test
    void progressMustMoveForwardWithinTheTotal() {
        try (ProgressReporter p = ProgressReporter.off("sft", 5, 2)) {
            assertThat(p.current()).isEqualTo(2);
            assertThatThrownBy(() -> p.update(1, "")).hasMessageContaining("[2, 5]");
            assertThatThrownBy(() -> p.update(6, "")).hasMessageContaining("got 6");
            p.update(5, "done");
            assertThat(p.current()).isEqualTo(5);
        }
    }

    @Test
    void theModePropertyIsReadAndABadValueIsNamed() {
        String old = System.getProperty(ProgressReporter.MODE_PROPERTY);
        try {
            System.setProperty(ProgressReporter.MODE_PROPERTY, "off");
            assertThat(ProgressReporter.defaultMode()).isEqualTo(ProgressReporter.Mode.OFF);
            System.setProperty(ProgressReporter.MODE_PROPERTY, "fancy");
            assertThatThrownBy(ProgressReporter::defaultMode).hasMessageContaining("'fancy'")
                    .hasMessageContaining("bar, log or off");
            System.clearProperty(ProgressReporter.MODE_PROPERTY);
            // surefire runs without a console: no progress bar in test output
            assertThat(ProgressReporter.defaultMode()).isEqualTo(ProgressReporter.Mode.LOG);
        } finally {
            if (old == null) {
                System.clearProperty(ProgressReporter.MODE_PROPERTY);
            } else {
                System.setProperty(ProgressReporter.MODE_PROPERTY, old);
            }
        }
    }
}
