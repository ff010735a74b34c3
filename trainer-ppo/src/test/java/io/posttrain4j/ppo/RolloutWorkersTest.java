package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.rollout.RecordedGenerations;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.core.train.TrainablePolicy;

/** The seam for rollouts outside the learner's JVM: a plan split into ranges, recorded, and replayed. */
class RolloutWorkersTest {
    private static final String TOY = ToyProvider.registry().resolve("toy").qualifiedName();

    /** Workers that play the plan as {@code parts} ranges of units, each alone, as executors would. */
    static final class SplitWorkers implements RolloutWorkers {
        final int parts;
        final List<Integer> unitsPerCall = new ArrayList<>();

        SplitWorkers(int parts) {
            this.parts = parts;
        }

        @Override
        public Map<Long, Generation> generate(RolloutPlan plan, TrainablePolicy policy) {
            Map<Long, Generation> out = new HashMap<>();
            int n = plan.units();
            unitsPerCall.add(n);
            for (int p = 0; p < parts; p++) {
                int from = p * n / parts;
                int to = (p + 1) * n / parts;
                if (from < to) {
                    new RolloutCollector(RecordedGenerations.recording(policy, out), policy::promptTokens,
                            plan.sampling(), plan.maxTurns())
                            .collect(plan, () -> ToyProvider.registry().create(plan.environment(), plan.options()),
                                    from, to);
                }
            }
            return out;
        }
    }

    private static List<String> metrics(PpoConfig config, Path dir, RolloutWorkers workers) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32);
                PpoTrainer trainer = new PpoTrainer(config, policy, ToyProvider.registry(), dir)) {
            if (workers != null) {
                trainer.rolloutWorkers(workers);
            }
            trainer.train();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            out.add(line.replaceAll("\"[a-z_]*(_seconds|_per_s)\":[^,}]*,?", "")); // timings differ
        }
        return out;
    }

    @Test
    void ppoAndGrpoOnSplitWorkersLogTheSameRunAsInProcess(@TempDir Path dir) throws IOException {
        for (Algorithm a : Algorithm.values()) {
            PpoConfig c = PpoTrainerTest.toy(a, 3);
            SplitWorkers workers = new SplitWorkers(3);
            List<String> split = metrics(c, dir.resolve(a + "-split"), workers);
            assertThat(split).as(a.name()).isEqualTo(metrics(c, dir.resolve(a + "-local"), null));
            assertThat(workers.unitsPerCall).as("one call per update").hasSize(3)
                    .containsOnly(a == Algorithm.GRPO ? 12 : 8); // GRPO: 48 / 4 groups; PPO: 8 slots
        }
    }

    @Test
    void aSplitOfThePlanCollectsTheSameTransitionsAsTheWhole() {
        PpoConfig c = PpoTrainerTest.toy(Algorithm.PPO, 1);
        RolloutPlan plan = RolloutPlan.of(c, TOY, 42);
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            RolloutCollector collector = new RolloutCollector(policy, plan.sampling(), plan.maxTurns());
            var factory = (java.util.function.Supplier<io.posttrain4j.core.env.Environment>) () ->
                    ToyProvider.registry().create(TOY, Map.of());
            Rollout whole = collector.collect(plan, factory);
            List<Sample> parts = new ArrayList<>(collector.collect(plan, factory, 0, 3).samples());
            parts.addAll(collector.collect(plan, factory, 3, 8).samples());
            assertThat(parts).hasSameSizeAs(whole.samples());
            for (int i = 0; i < parts.size(); i++) {
                Sample a = parts.get(i);
                Sample b = whole.samples().get(i);
                assertThat(List.of(a.stream(), a.episode(), a.turn(), a.generation().text(), a.step().reward()))
                        .isEqualTo(List.of(b.stream(), b.episode(), b.turn(), b.generation().text(), b.step().reward()));
            }
            assertThatThrownBy(() -> collector.collect(plan, factory, 5, 9))
                    .hasMessageContaining("units 5..9 are not a range of the plan's 8");
        }
    }

    @Test
    void replayingAnotherPlanNamesTheMissingSeed() {
        var replay = RecordedGenerations.replaying(Map.of(), "empty");
        PpoConfig c = PpoTrainerTest.toy(Algorithm.PPO, 1);
        RolloutPlan plan = RolloutPlan.of(c, TOY, 42);
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            RolloutCollector collector = new RolloutCollector(replay, policy::promptTokens, plan.sampling(),
                    plan.maxTurns());
            assertThatThrownBy(() -> collector.collect(plan, () -> ToyProvider.registry().create(TOY, Map.of())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no recorded generation for "
                            + "sample seed");
        }
    }
}
