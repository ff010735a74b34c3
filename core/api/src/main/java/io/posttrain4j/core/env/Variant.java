package io.posttrain4j.core.env;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named configuration of an environment, e.g. {@code gp-vl-visual-ood}.
 *
 * @param name lower-case id, unique within its provider
 * @param description one line for listings
 * @param split how the variant relates to training
 * @param modality text or image observations
 * @param family the in-distribution variant this one is evaluated against (itself when in-distribution)
 */
public record Variant(String name, String description, Split split, Modality modality, String family) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public Variant {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variant name must match " + NAME + ", got '" + name + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(family, "family");
    }
}
