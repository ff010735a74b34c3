package io.posttrain4j.core.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.posttrain4j.core.spi.Names;
import io.posttrain4j.core.spi.ProviderRegistry;

/**
 * The corpus providers on the class path, and the mixtures built from them. Thread-safe.
 */
public final class Corpora {
    private final ProviderRegistry<CorpusProvider> registry;

    private Corpora(ProviderRegistry<CorpusProvider> registry) {
        this.registry = registry;
    }

    /** The providers found by ServiceLoader on the context class loader. */
    public static Corpora discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new Corpora(ProviderRegistry.load("corpus", CorpusProvider.class, CorpusProvider::id,
                cl != null ? cl : Corpora.class.getClassLoader()));
    }

    /** A registry over given providers (tests, embedding without ServiceLoader). */
    public static Corpora of(List<CorpusProvider> providers) {
        return new Corpora(ProviderRegistry.of("corpus", providers, CorpusProvider::id));
    }

    public ProviderRegistry<CorpusProvider> registry() {
        return registry;
    }

    /** Every {@code id/family} name, in discovery order. */
    public List<String> qualifiedFamilies() {
        List<String> names = new ArrayList<>();
        for (CorpusProvider p : registry.all()) {
            p.families().keySet().forEach(f -> names.add(p.id() + "/" + f));
        }
        return names;
    }

    /**
     * Parses a mixture such as {@code generalpoints/rules=2,generalpoints/task=1}; a bare provider id
     * ({@code generalpoints}) stands for each of its families at weight 1, a family without a weight for weight 1.
     *
     * @return the weight of each qualified family, in the order given
     * @throws IllegalArgumentException naming an unknown provider or family (with the known ones), a weight that
     *     is not a finite number >= 0, a family named twice, or a mixture whose weights sum to zero
     */
    public Map<String, Double> parseMixture(String text) {
        Map<String, Double> weights = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a corpus mixture names at least one family, e.g. "
                    + String.join(",", qualifiedFamilies()) + "; got '" + text + "'");
        }
        for (String part : text.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq).trim();
            double weight = eq < 0 ? 1 : weight(name, item.substring(eq + 1).trim());
            List<String> families = name.contains("/") ? List.of(family(name)) : families(name);
            for (String f : families) {
                if (weights.put(f, weight) != null) {
                    throw new IllegalArgumentException("corpus family " + f + " is named twice in '" + text + "'");
                }
            }
        }
        return weights;
    }

    /**
     * The mixture of {@code weights} (qualified families) with per-provider option overrides, drawn from {@code
     * seed}.
     *
     * @param options option overrides keyed by provider id; providers not named take their defaults
     * @throws IllegalArgumentException naming an unknown family, a bad weight or option, or a zero total weight
     */
    public Corpus mixture(Map<String, Double> weights, Map<String, Map<String, String>> options, long seed) {
        for (String id : options.keySet()) {
            registry.get(id); // an option for an unknown provider is an error, not ignored
        }
        Map<String, Set<String>> familiesOf = new LinkedHashMap<>();
        for (String name : weights.keySet()) {
            String qualified = family(name);
            int slash = qualified.indexOf('/');
            familiesOf.computeIfAbsent(qualified.substring(0, slash), k -> new LinkedHashSet<>())
                    .add(qualified.substring(slash + 1));
        }
        Map<String, DocumentSource> sources = new LinkedHashMap<>();
        familiesOf.forEach((id, families) -> sources.put(id,
                registry.get(id).open(options.getOrDefault(id, Map.of()), Set.copyOf(families))));
        List<Corpus.Part> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            String qualified = family(e.getKey());
            String id = qualified.substring(0, qualified.indexOf('/'));
            weight(qualified, String.valueOf(e.getValue()));
            parts.add(new Corpus.Part(qualified, qualified.substring(id.length() + 1), e.getValue(), sources.get(id)));
        }
        return new Corpus(parts, options, seed);
    }

    private List<String> families(String id) {
        CorpusProvider p = registry.get(id);
        return p.families().keySet().stream().map(f -> p.id() + "/" + f).toList();
    }

    private String family(String qualified) {
        int slash = qualified.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a corpus family is named id/family, e.g. "
                    + String.join(", ", qualifiedFamilies()) + "; got '" + qualified + "'");
        }
        CorpusProvider p = registry.get(qualified.substring(0, slash));
        String f = qualified.substring(slash + 1);
        if (!p.families().containsKey(f)) {
            throw new IllegalArgumentException(Names.unknown("corpus family of " + p.id(), f, p.families().keySet()));
        }
        return p.id() + "/" + f;
    }

    private static double weight(String name, String text) {
        try {
            double w = Double.parseDouble(text);
            if (Double.isFinite(w) && w >= 0) {
                return w;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the weight of corpus family " + name
                + " must be a finite number >= 0, got '" + text + "'");
    }
}
