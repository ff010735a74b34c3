package io.posttrain4j.core.policy;

import java.util.List;

import io.posttrain4j.core.env.Observation;

/**
 * Answers observations with text.
 *
 * <p>Generation is batched; {@code seeds[i]} alone decides the random choices of response {@code i}, so a run
 * that derives seeds from counters replays exactly whatever the batch composition. Generation records no
 * autograd graph. Implementations are not required to be thread-safe.
 */
public interface Policy extends AutoCloseable {
    /** A short description (preset or checkpoint) for logs and reports. */
    String name();

    /**
     * Generates one response per observation.
     *
     * @param seeds one seed per observation; ignored for greedy sampling
     */
    List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds);

    @Override
    default void close() {}
}
