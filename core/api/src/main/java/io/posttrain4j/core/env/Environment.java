package io.posttrain4j.core.env;

import java.util.Map;
import java.util.Optional;

/**
 * An interactive task with a text action space, in the shape of Gymnasium's API.
 *
 * <p>Contract: {@link #reset(long)} starts an episode, and two resets with the same seed give equal
 * observations and equal episodes under equal actions. {@link #step(String)} takes any text (a policy may emit
 * anything) and never throws for bad text: a bad answer is a low reward with feedback. Calling {@code step}
 * before {@code reset} or after a step that was {@link Step#done() done} throws {@link IllegalStateException}.
 * Instances are not thread-safe: use one per worker.
 */
public interface Environment extends AutoCloseable {
    /** The registered id and variant, e.g. {@code generalpoints/gp-l}. */
    String id();

    /** Starts a new episode from {@code seed} and returns the first observation. */
    Observation reset(long seed);

    /** Applies the policy's answer to the current observation. */
    Step step(String action);

    /**
     * Success metrics of the current episode so far, by name (e.g. {@code success}, {@code step_accuracy}).
     * Tallies are summed over episodes by evaluators; every episode reports the same names.
     */
    Map<String, Tally> episodeMetrics();

    /** The expert capability, when this environment has one. */
    default Optional<Expert> expert() {
        return this instanceof Expert e ? Optional.of(e) : Optional.empty();
    }

    @Override
    default void close() {}
}
