package io.posttrain4j.core.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import io.posttrain4j.core.rollout.Seeds;

/**
 * A weighted mixture of corpus families as an endless, deterministic sequence: document {@code i} is drawn from
 * a generator seeded by {@code (seed, i)}, which picks its family by weight and then lets that family write it.
 * Nothing is stored, any document can be read in any order (so a run resumes by index), and the sequence depends
 * only on the families, their weights, the providers' options and the seed. Build one with {@link
 * Corpora#mixture}. Immutable; thread-safe when the sources are (they must be).
 */
public final class Corpus {
    private final List<Part> parts;
    private final double[] cumulative;
    private final long seed;
    private final Map<String, Map<String, String>> options;

    /** A family of the mixture: its qualified name, its provider's own name for it, weight and source. */
    record Part(String qualified, String family, double weight, DocumentSource source) {}

    Corpus(List<Part> parts, Map<String, Map<String, String>> options, long seed) {
        this.parts = List.copyOf(parts);
        this.cumulative = new double[this.parts.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += this.parts.get(i).weight();
            cumulative[i] = total;
        }
        if (this.parts.isEmpty() || !(total > 0)) {
            throw new IllegalArgumentException("the weights of a corpus mixture must sum to more than zero, got "
                    + weights());
        }
        this.seed = seed;
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.put(k, Map.copyOf(new java.util.TreeMap<>(v))));
        this.options = java.util.Collections.unmodifiableMap(copy);
    }

    /** Document {@code index} (>= 0) of the sequence. */
    public Document document(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("document index must be >= 0, got " + index);
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, index));
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int k = 0;
        while (k < cumulative.length - 1 && (u >= cumulative[k] || parts.get(k).weight() == 0)) {
            k++;
        }
        Part part = parts.get(k);
        Document d = Objects.requireNonNull(part.source().document(part.family(), rng),
                () -> part.qualified() + " wrote no document");
        return d.family().equals(part.qualified()) ? d : new Document(part.qualified(), d.prompt(), d.answer());
    }

    /** The weight of each qualified family, in mixture order. */
    public Map<String, Double> weights() {
        Map<String, Double> m = new LinkedHashMap<>();
        parts.forEach(p -> m.put(p.qualified(), p.weight()));
        return m;
    }

    /** The option overrides of each provider, as given to {@link Corpora#mixture}. */
    public Map<String, Map<String, String>> options() {
        return options;
    }

    public long seed() {
        return seed;
    }
}
