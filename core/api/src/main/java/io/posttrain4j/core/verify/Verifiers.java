package io.posttrain4j.core.verify;

import java.util.List;

import io.posttrain4j.core.spi.ProviderRegistry;

/** The verifiers on the class path, by id. */
public final class Verifiers {
    private Verifiers() {}

    @SuppressWarnings("rawtypes")
    public static ProviderRegistry<VerifierProvider> discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ProviderRegistry.load("verifier", VerifierProvider.class, VerifierProvider::id,
                cl != null ? cl : Verifiers.class.getClassLoader());
    }

    /** Checks {@code mode} against {@code provider.modes()}, with an error naming the accepted ones. */
    public static String checkMode(VerifierProvider<?> provider, String mode) {
        List<String> modes = provider.modes();
        if (!modes.contains(mode)) {
            throw new IllegalArgumentException(io.posttrain4j.core.spi.Names.unknown(
                    "mode of verifier " + provider.id(), mode, modes));
        }
        return mode;
    }
}
