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
     * @param nameOrPath a preset from {@link #presets()} or a folder written by {@link TrainablePolicy#save}
     * @param options e.g. {@code seed}, {@code device} ({@code cpu} or {@code gpu}), {@code tokenizer} (for a preset: {@code byte} or a folder written by {@code Tokenizers.save})
     * @throws IllegalArgumentException naming the unknown preset or the bad option and what is accepted
     */
    TrainablePolicy create(String nameOrPath, Map<String, String> options);
}
