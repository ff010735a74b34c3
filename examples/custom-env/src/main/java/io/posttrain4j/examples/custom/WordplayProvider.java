package io.posttrain4j.examples.custom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.spi.Names;

/**
 * Registers {@link WordplayEnvironment} through {@code META-INF/services}: the whole of what a user writes to
 * plug an environment into the CLI, the trainers and the evaluation harness.
 */
public final class WordplayProvider implements EnvironmentProvider {
    static final String ID = "wordplay";
    private static final List<Variant> VARIANTS = List.of(
            new Variant("wordplay-reverse", "write the word backwards", Split.IN_DISTRIBUTION, Modality.TEXT,
                    "wordplay-reverse"),
            new Variant("wordplay-rotate", "move the first letter to the end (an unseen rule)", Split.RULE_OOD,
                    Modality.TEXT, "wordplay-reverse"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Variant> variants() {
        return VARIANTS;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("verifyIter", "2: scored attempts per word (sequential revision)");
        return o;
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        Options o = new Options(ID, Map.of("verifyIter", "2"), options);
        int attempts = o.integer("verifyIter", 1, 100);
        return switch (variant) {
            case "wordplay-reverse" -> new WordplayEnvironment(variant, "reverse", attempts);
            case "wordplay-rotate" -> new WordplayEnvironment(variant, "rotate", attempts);
            default -> throw new IllegalArgumentException(
                    Names.unknown("variant of " + ID, variant, VARIANTS.stream().map(Variant::name).toList()));
        };
    }
}
