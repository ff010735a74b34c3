package io.posttrain4j.ppo;

import java.util.Map;

import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * Where an update's generations are made when not in the learner's JVM (e.g. Spark executors, in the optional
 * {@code posttrain4j-spark} module): {@link PpoTrainer#rolloutWorkers} hands each update's {@link RolloutPlan} and
 * the policy's current weights to it, and replays the returned generations through its own environments (see
 * {@link io.posttrain4j.core.rollout.RecordedGenerations}), so the buffer is the one an in-process rollout with the
 * same seeds collects.
 */
public interface RolloutWorkers extends AutoCloseable {
    /**
     * Plays every unit of {@code plan} with {@code policy}'s current weights.
     *
     * @return every generation of the plan's episodes, by sample seed
     */
    Map<Long, Generation> generate(RolloutPlan plan, TrainablePolicy policy);

    /** Releases the workers (e.g. stops an embedded Spark context); the default does nothing. */
    @Override
    default void close() {}
}
