package io.posttrain4j.core.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Providers of one kind, found by {@link ServiceLoader} and keyed by id.
 *
 * <p>Duplicate ids are rejected (naming both classes); a provider that fails to load is logged and skipped so
 * it cannot break the others ({@link #failures()} lists them); an unknown id answers with the known ids and the
 * closest match. The system property {@code posttrain4j.providers.<kind>} (comma-separated class names)
 * overrides discovery with an explicit list. Immutable after construction; thread-safe.
 */
public final class ProviderRegistry<P> {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final String kind;
    private final Map<String, P> byId;
    private final List<String> failures;

    private ProviderRegistry(String kind, Map<String, P> byId, List<String> failures) {
        this.kind = kind;
        this.byId = Collections.unmodifiableMap(byId);
        this.failures = List.copyOf(failures);
    }

    /**
     * Loads every provider of {@code type} visible to {@code loader}.
     *
     * @param kind a short word for messages and the override property, e.g. {@code environment}
     */
    public static <P> ProviderRegistry<P> load(
            String kind, Class<P> type, Function<P, String> idOf, ClassLoader loader) {
        List<P> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String override = System.getProperty("posttrain4j.providers." + kind);
        if (override != null && !override.isBlank()) {
            for (String name : override.split(",")) {
                try {
                    Class<?> c = Class.forName(name.trim(), true, loader);
                    found.add(type.cast(c.getDeclaredConstructor().newInstance()));
                } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                    failures.add(name.trim() + ": " + e);
                    LOG.warn("skipping {} provider {}: {}", kind, name.trim(), e.toString());
                }
            }
        } else {
            Iterator<P> it = ServiceLoader.load(type, loader).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found.add(it.next());
                } catch (ServiceConfigurationError | LinkageError e) {
                    failures.add(e.toString());
                    LOG.warn("skipping a broken {} provider: {}", kind, e.toString());
                }
            }
        }
        return of(kind, found, idOf, failures);
    }

    /** A registry over given providers (tests, embedding without ServiceLoader). */
    public static <P> ProviderRegistry<P> of(String kind, List<P> providers, Function<P, String> idOf) {
        return of(kind, providers, idOf, List.of());
    }

    private static <P> ProviderRegistry<P> of(
            String kind, List<P> providers, Function<P, String> idOf, List<String> failures) {
        Map<String, P> byId = new LinkedHashMap<>();
        for (P p : providers) {
            String id = idOf.apply(p);
            P previous = byId.putIfAbsent(id, p);
            if (previous != null) {
                throw new IllegalStateException("duplicate " + kind + " id '" + id + "': provided by "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new ProviderRegistry<>(kind, byId, failures);
    }

    /** The provider with {@code id}, or an error naming the known ids and the closest one. */
    public P get(String id) {
        P p = byId.get(id);
        if (p == null) {
            throw new IllegalArgumentException(Names.unknown(kind, id, byId.keySet()));
        }
        return p;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Ids in discovery order. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    public List<P> all() {
        return List.copyOf(byId.values());
    }

    /** Descriptions of providers that failed to load. */
    public List<String> failures() {
        return failures;
    }
}
