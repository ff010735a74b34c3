package io.posttrain4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.ppo.Algorithm;
import io.posttrain4j.ppo.RolloutPlan;

/**
 * Two executor JVMs ({@code local-cluster[2,1,1024]}): the weights are decoded once per JVM and version, a killed
 * executor's task is retried to the same generations, and a class path on which executors cannot start fails in
 * bounded time. Every test is bounded: Spark relaunches dying executors for as long as it is let.
 */
class SparkClusterTest {
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoExecutorJvmsDecodeEachVersionOnceAndAKilledTaskIsReplayedExactly() {
        RolloutPlan plan = RolloutPlan.of(SparkWorkersTest.config(Algorithm.PPO), "letters/abc", 11);
        try (SparkWorkers spark = SparkWorkers.start(SparkSettings.of("local-cluster[2,1,1024]").withPartitions(4)
                .withStartSeconds(120));
                DjlPolicy first = SparkWorkersTest.tiny(1);
                DjlPolicy second = SparkWorkersTest.tiny(2)) {
            assertThat(SparkWorkersTest.texts(spark.generate(plan, first)))
                    .isEqualTo(SparkWorkersTest.texts(SparkWorkersTest.inProcess(plan, first)));
            Map<Long, Integer> afterFirst = spark.lastRound().decodesByPid();
            assertThat(afterFirst).hasSize(2).doesNotContainKey(ProcessHandle.current().pid()).containsValues(1);
            assertThat(afterFirst.values()).containsOnly(1); // 4 tasks, 2 JVMs: one decode each

            Set<String> expected = SparkWorkersTest.texts(SparkWorkersTest.inProcess(plan, second));
            assertThat(SparkWorkersTest.texts(spark.generate(plan, second))).isEqualTo(expected);
            assertThat(spark.lastRound().decodesByPid()).isEqualTo(Map.of(
                    afterFirst.keySet().stream().toList().get(0), 2, afterFirst.keySet().stream().toList().get(1), 2));

            spark.injectFault(ExecutorSide.Fault.HALT_FIRST_ATTEMPT); // the JVM running partition 0 dies
            assertThat(SparkWorkersTest.texts(spark.generate(plan, second))).isEqualTo(expected);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void executorsThatCannotStartFailInBoundedTime() {
        assertThatThrownBy(() -> SparkWorkers.start(SparkSettings.of("local-cluster[1,1,512]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot start Spark with master 'local-cluster[1,1,512]'");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> SparkWorkers.start(SparkSettings.of("local-cluster[1,1,1024]").withStartSeconds(15)
                .withConf(Map.of("spark.executor.extraClassPath", "/nonexistent.jar"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Spark executor registered within 15 s");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
    }
}
