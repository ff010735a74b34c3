/**
 * The environment SPI: {@link io.posttrain4j.core.env.Environment} (reset/step with Gymnasium semantics),
 * observations as conversations with images, steps, variants and their splits, the {@code Expert} capability,
 * the ServiceLoader registry {@link io.posttrain4j.core.env.Environments} and the
 * {@link io.posttrain4j.core.env.EnvironmentChecker} that every environment must pass.
 */
package io.posttrain4j.core.env;
