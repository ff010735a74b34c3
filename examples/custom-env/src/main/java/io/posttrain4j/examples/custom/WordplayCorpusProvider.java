package io.posttrain4j.examples.custom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.posttrain4j.core.corpus.CorpusProvider;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.corpus.DocumentSource;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.spi.Names;

/**
 * Pretraining documents for wordplay, written against the corpus SPI alone: the skills the held-out rule
 * ({@code rotate}) is made of, without ever a rotate task. Families: {@code letters} (the first letter, the last
 * letter, the word without its first letter), {@code tasks} (the in-distribution task, {@code reverse: word}).
 * Stateless and thread-safe.
 */
public final class WordplayCorpusProvider implements CorpusProvider {
    private static final Map<String, String> FAMILIES = Map.of(
            "letters", "first letter, last letter, and the word without its first letter",
            "tasks", "the reverse task (never the held-out rotate)");

    @Override
    public String id() {
        return WordplayProvider.ID;
    }

    @Override
    public Map<String, String> families() {
        return new LinkedHashMap<>(FAMILIES);
    }

    @Override
    public Map<String, String> options() {
        return Map.of();
    }

    @Override
    public DocumentSource open(Map<String, String> options, Set<String> families) {
        new Options(id() + " corpus", Map.of(), options); // it has none: any key is unknown
        requireFamilies(families);
        return WordplayCorpusProvider::document;
    }

    private static Document document(String family, SplittableRandom rng) {
        String word = WordplayEnvironment.WORDS.get(rng.nextInt(WordplayEnvironment.WORDS.size()));
        return switch (family) {
            case "letters" -> switch (rng.nextInt(3)) {
                case 0 -> doc(family, "first letter: " + word, word.substring(0, 1));
                case 1 -> doc(family, "last letter: " + word, word.substring(word.length() - 1));
                default -> doc(family, "without the first letter: " + word, word.substring(1));
            };
            case "tasks" -> doc(family, "reverse: " + word, new WordTask(word, "reverse").answer());
            default -> throw new IllegalArgumentException(
                    Names.unknown("corpus family of " + WordplayProvider.ID, family, FAMILIES.keySet()));
        };
    }

    private static Document doc(String family, String question, String answer) {
        return new Document(WordplayProvider.ID + "/" + family, Observation.of(question), answer);
    }
}
