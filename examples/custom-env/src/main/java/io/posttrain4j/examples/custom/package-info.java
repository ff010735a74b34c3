/**
 * A custom environment written against the SPI alone, as a user of the library would: {@code wordplay} (apply a
 * word rule; {@code reverse} in distribution, {@code rotate} as rule OOD), its verifier, and their ServiceLoader
 * registrations in {@code META-INF/services}. It is trained with both trainers in the tests.
 */
package io.posttrain4j.examples.custom;
