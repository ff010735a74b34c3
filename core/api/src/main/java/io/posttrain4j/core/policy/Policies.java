package io.posttrain4j.core.policy;

import io.posttrain4j.core.spi.ProviderRegistry;

/** The policy providers on the class path, by id. */
public final class Policies {
    private Policies() {}

    public static ProviderRegistry<PolicyProvider> discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ProviderRegistry.load("policy", PolicyProvider.class, PolicyProvider::id,
                cl != null ? cl : Policies.class.getClassLoader());
    }
}
