package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaeTest {
    private static final double G = 0.9;
    private static final double L = 0.95;

    @Test
    void aTerminatedEpisodeDoesNotBootstrap() {
        // two turns: r = (-1, +1), V = (0.2, 0.5), the second terminates
        Gae.Result r = Gae.compute(new double[] {-1, 1}, new double[] {0.2, 0.5}, new double[] {99, 99},
                new boolean[] {false, true}, new boolean[] {false, true}, G, L);
        double d1 = 1 - 0.5; // no bootstrap: the 99 must not leak in
        double d0 = -1 + G * 0.5 - 0.2;
        assertThat(r.advantages()[1]).isCloseTo(d1, within(1e-12));
        assertThat(r.advantages()[0]).isCloseTo(d0 + G * L * d1, within(1e-12));
        assertThat(r.returns()[0]).isCloseTo(d0 + G * L * d1 + 0.2, within(1e-12));
        assertThat(r.returns()[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aTruncatedEpisodeBootstrapsFromItsNextObservation() {
        Gae.Result r = Gae.compute(new double[] {-1}, new double[] {0.3}, new double[] {0.7},
                new boolean[] {false}, new boolean[] {true}, G, L);
        assertThat(r.advantages()[0]).isCloseTo(-1 + G * 0.7 - 0.3, within(1e-12));
    }

    @Test
    void mixedEpisodesInOneBufferNeverShareAdvantagesOrValues() {
        // [0, 1] one episode truncated after two turns (bootstrap 0.4); [2] one turn, terminated;
        // [3] one turn cut by the buffer (bootstrap 0.6); [4] one turn, terminated
        double[] rew = {-1, -1, 1, -1, 1};
        double[] val = {0.1, 0.2, 0.3, 0.4, 0.5};
        double[] boot = {0, 0.4, 0, 0.6, 0};
        boolean[] term = {false, false, true, false, true};
        boolean[] end = {false, true, true, true, true};
        Gae.Result r = Gae.compute(rew, val, boot, term, end, G, L);
        double a1 = -1 + G * 0.4 - 0.2;
        double a0 = (-1 + G * 0.2 - 0.1) + G * L * a1;
        double a2 = 1 - 0.3;
        double a3 = -1 + G * 0.6 - 0.4;
        double a4 = 1 - 0.5;
        assertThat(r.advantages()).containsExactly(new double[] {a0, a1, a2, a3, a4}, within(1e-12));
        // Changing a later episode changes nothing before its start.
        double[] rew2 = rew.clone();
        rew2[2] = -5;
        Gae.Result r2 = Gae.compute(rew2, val, boot, term, end, G, L);
        assertThat(r2.advantages()[0]).isEqualTo(r.advantages()[0]);
        assertThat(r2.advantages()[1]).isEqualTo(r.advantages()[1]);
    }

    @Test
    void lambdaOneGivesDiscountedReturnsAsTargets() {
        double[] rew = {0, 0, 1};
        Gae.Result r = Gae.compute(rew, new double[] {0.5, -0.5, 0.25}, new double[3],
                new boolean[] {false, false, true}, new boolean[] {false, false, true}, G, 1.0);
        assertThat(r.returns()).containsExactly(new double[] {G * G, G, 1}, within(1e-12));
    }

    @Test
    void aBufferThatDoesNotEndAnEpisodeIsRejected() {
        assertThatThrownBy(() -> Gae.compute(new double[] {1}, new double[] {0}, new double[] {0},
                new boolean[] {false}, new boolean[] {false}, G, L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("episodeEnd[0]");
    }

    @Test
    void aTerminatedTransitionInsideAnEpisodeIsRejected() {
        assertThatThrownBy(() -> Gae.compute(new double[] {1, 1}, new double[2], new double[2],
                new boolean[] {true, false}, new boolean[] {false, true}, G, L))
                .hasMessageContaining("terminated but does not end");
    }
}
