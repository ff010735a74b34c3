package io.posttrain4j.core.corpus;

import java.util.Map;
import java.util.Set;

import io.posttrain4j.core.spi.Names;

/**
 * Plugs pretraining documents into {@link Corpora} through {@link java.util.ServiceLoader}: list the implementation
 * in {@code META-INF/services/io.posttrain4j.core.corpus.CorpusProvider}. An environment module offers the
 * families that teach a base model what its tasks take for granted (reading a rule, the cards, arithmetic),
 * keeping the held-out variants of its tasks out. Implementations need a public no-arg constructor and must be
 * cheap to construct.
 */
public interface CorpusProvider {
    /** The provider id, lower case, usually its environment's id, e.g. {@code generalpoints}. */
    String id();

    /** The families, each with a one-line description, in a stable order. */
    Map<String, String> families();

    /**
     * The options {@link #open} accepts, with their default values as text and a description, e.g.
     * {@code oodExposure -> "0: fraction of rule documents that state the held-out mapping"}.
     */
    Map<String, String> options();

    /**
     * A document source under option overrides, for drawing documents of {@code families}; every option is
     * checked here, not while documents are drawn.
     *
     * @param families the unqualified families that will be drawn
     * @throws IllegalArgumentException naming an unknown family, a bad option key or value and what is
     *     accepted, or an exclusion that the options make impossible for these families
     */
    DocumentSource open(Map<String, String> options, Set<String> families);

    /**
     * For {@link #open}: throws naming the first of {@code families} that this provider does not have, with the
     * closest known one.
     */
    default void requireFamilies(Set<String> families) {
        for (String f : families) {
            if (!families().containsKey(f)) {
                throw new IllegalArgumentException(
                        Names.unknown("corpus family of " + id(), f, families().keySet()));
            }
        }
    }
}
