package io.posttrain4j.core.env;

import java.util.List;
import java.util.Map;

/**
 * Plugs an environment into the registry through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.posttrain4j.core.env.EnvironmentProvider}. Implementations need a public no-arg
 * constructor and must be cheap to construct.
 */
public interface EnvironmentProvider {
    /** The environment id, lower case, e.g. {@code generalpoints}. */
    String id();

    /** The named variants, the first being the default. */
    List<Variant> variants();

    /**
     * The options {@link #create} accepts, with their default values as text and a description, e.g.
     * {@code target -> "24: the number to make"}.
     */
    Map<String, String> options();

    /**
     * Creates an environment of {@code variant} with option overrides.
     *
     * @throws IllegalArgumentException naming the bad variant, option key or value and what is accepted
     */
    Environment create(String variant, Map<String, String> options);
}
