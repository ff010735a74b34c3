package io.posttrain4j.core.corpus;

import java.util.SplittableRandom;

/**
 * Writes documents of a provider's families under the options it was opened with. Must be a pure function of
 * {@code (family, the draws of rng)}: the same generator state gives the same document, which makes corpora
 * reproducible and resumable without storing them. Thread-safe (several threads may draw documents at once).
 */
@FunctionalInterface
public interface DocumentSource {
    /**
     * One document of {@code family} (an unqualified name of {@link CorpusProvider#families()}).
     *
     * @throws IllegalArgumentException for a family the provider does not have
     */
    Document document(String family, SplittableRandom rng);
}
