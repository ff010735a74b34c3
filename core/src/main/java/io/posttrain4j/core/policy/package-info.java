/**
 * The policy SPI: {@link io.posttrain4j.core.policy.Policy} generates text for observations with seeded
 * sampling; {@link io.posttrain4j.core.policy.TrainablePolicy} adds differentiable scoring, a value head,
 * parameters and checkpoints for the trainers.
 */
package io.posttrain4j.core.policy;
