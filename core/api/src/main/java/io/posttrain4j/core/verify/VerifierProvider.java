package io.posttrain4j.core.verify;

import java.util.List;

/**
 * Plugs a verifier into the registry through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.posttrain4j.core.verify.VerifierProvider}).
 *
 * @param <T> the task type; a record that Jackson can read from a JSON object, so tools can verify JSON lines
 */
public interface VerifierProvider<T> {
    /** The verifier id, usually its environment's id, e.g. {@code generalpoints}. */
    String id();

    /** The task type, read from JSON by tools such as the {@code verify} command. */
    Class<T> taskType();

    /** The modes, the first being the default (e.g. {@code exact}, {@code reference}). */
    List<String> modes();

    /**
     * The verifier for {@code mode}.
     *
     * @throws IllegalArgumentException naming the mode and the accepted ones
     */
    Verifier<T> create(String mode);
}
