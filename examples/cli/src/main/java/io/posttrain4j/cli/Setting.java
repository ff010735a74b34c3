package io.posttrain4j.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command-line option as the flag of one setting of the trainer's config record (its component name), so
 * that {@link ConfigOptions} knows which settings were typed: a typed flag wins over {@code --config}'s file.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Setting {
    /** The config record's component, e.g. {@code learningRate}. */
    String value();
}
