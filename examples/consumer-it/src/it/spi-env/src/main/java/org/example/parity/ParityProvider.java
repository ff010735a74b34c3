package org.example.parity;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;

/** Registered in META-INF/services: numbers below 10 in distribution, below 100 as the unseen range. */
public final class ParityProvider implements EnvironmentProvider {
    @Override
    public String id() {
        return "parity";
    }

    @Override
    public List<Variant> variants() {
        return List.of(new Variant("parity-small", "numbers 0-9", Split.IN_DISTRIBUTION, Modality.TEXT, "parity"),
                new Variant("parity-large", "numbers 0-99", Split.RULE_OOD, Modality.TEXT, "parity"));
    }

    @Override
    public Map<String, String> options() {
        return Map.of();
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("parity takes no options, got " + options.keySet());
        }
        return switch (variant) {
            case "parity-small" -> new ParityEnvironment(variant, 10);
            case "parity-large" -> new ParityEnvironment(variant, 100);
            default -> throw new IllegalArgumentException("unknown variant '" + variant
                    + "'; known: parity-small, parity-large");
        };
    }
}
