package io.posttrain4j.core.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.spi.Names;
import io.posttrain4j.core.spi.ProviderRegistry;

/**
 * The environments on the class path, by id, and their variants.
 *
 * <p>An environment is named {@code id} (its default variant) or {@code id/variant}; a variant name alone
 * (e.g. {@code gp-l}) is accepted when exactly one provider offers it.
 */
public final class Environments {
    private final ProviderRegistry<EnvironmentProvider> registry;

    private Environments(ProviderRegistry<EnvironmentProvider> registry) {
        this.registry = registry;
    }

    /** The providers found by ServiceLoader on the context class loader. */
    public static Environments discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new Environments(ProviderRegistry.load(
                "environment", EnvironmentProvider.class, EnvironmentProvider::id,
                cl != null ? cl : Environments.class.getClassLoader()));
    }

    /** A registry over given providers. */
    public static Environments of(List<EnvironmentProvider> providers) {
        return new Environments(ProviderRegistry.of("environment", providers, EnvironmentProvider::id));
    }

    public ProviderRegistry<EnvironmentProvider> registry() {
        return registry;
    }

    public EnvironmentProvider provider(String id) {
        return registry.get(id);
    }

    /** Every {@code id/variant} name, in discovery order. */
    public List<String> qualifiedNames() {
        List<String> names = new ArrayList<>();
        for (EnvironmentProvider p : registry.all()) {
            for (Variant v : p.variants()) {
                names.add(p.id() + "/" + v.name());
            }
        }
        return names;
    }

    /** Resolves {@code id}, {@code id/variant} or a unique bare variant to its provider and variant. */
    public Resolved resolve(String name) {
        int slash = name.indexOf('/');
        if (slash >= 0) {
            EnvironmentProvider p = registry.get(name.substring(0, slash));
            return new Resolved(p, variant(p, name.substring(slash + 1)));
        }
        if (registry.contains(name)) {
            EnvironmentProvider p = registry.get(name);
            return new Resolved(p, p.variants().get(0));
        }
        List<Resolved> matches = new ArrayList<>();
        for (EnvironmentProvider p : registry.all()) {
            for (Variant v : p.variants()) {
                if (v.name().equals(name)) {
                    matches.add(new Resolved(p, v));
                }
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("variant '" + name + "' is offered by several environments; write "
                    + String.join(" or ", matches.stream().map(Resolved::qualifiedName).toList()));
        }
        List<String> known = new ArrayList<>(registry.ids());
        known.addAll(qualifiedNames());
        throw new IllegalArgumentException(Names.unknown("environment", name, known));
    }

    /** Creates the named environment with option overrides. */
    public Environment create(String name, Map<String, String> options) {
        Resolved r = resolve(name);
        return r.provider().create(r.variant().name(), options);
    }

    public Environment create(String name) {
        return create(name, Map.of());
    }

    private static Variant variant(EnvironmentProvider p, String name) {
        for (Variant v : p.variants()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException(Names.unknown(
                "variant of " + p.id(), name, p.variants().stream().map(Variant::name).toList()));
    }

    /** A provider and one of its variants. */
    public record Resolved(EnvironmentProvider provider, Variant variant) {
        public String qualifiedName() {
            return provider.id() + "/" + variant.name();
        }
    }
}
