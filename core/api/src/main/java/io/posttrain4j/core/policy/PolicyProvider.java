package io.posttrain4j.core.policy;

import java.util.List;
import java.util.Map;

/**
 * Plugs a policy implementation into the registry through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.posttrain4j.core.policy.PolicyProvider}).
 */
public interface PolicyProvider {
    /** The provider id, e.g. {@code djl}. */
    String id();

    /** The named presets this provider builds from scratch, the first being the default. */
    List<String> presets();

    /**
     * Builds a policy from a preset name or a checkpoint folder path.
     *
     * A provider whose policies can be trained returns a trainable policy ({@code TrainablePolicy} of
     * {@code posttrain4j-djl}); the trainers check for it.
     *
     * @param nameOrPath a preset from {@link #presets()} or a checkpoint folder the provider wrote
     * @param options e.g. {@code seed}, {@code device} ({@code cpu} or {@code gpu}), {@code tokenizer} (for a preset: {@code byte} or a folder written by {@code Tokenizers.save})
     * @throws IllegalArgumentException naming the unknown preset or the bad option and what is accepted
     */
    Policy create(String nameOrPath, Map<String, String> options);
}
