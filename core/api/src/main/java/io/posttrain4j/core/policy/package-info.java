/**
 * The policy SPI: {@link io.posttrain4j.core.policy.Policy} generates text for observations with seeded
 * sampling, and {@link io.posttrain4j.core.policy.PolicyProvider} plugs an implementation in. Trainers need more
 * (differentiable scoring, a value head, parameters, checkpoints): {@code io.posttrain4j.core.train.TrainablePolicy}
 * in {@code posttrain4j-djl}.
 */
package io.posttrain4j.core.policy;
