/**
 * Running episodes: batched lockstep rollouts of a policy over many environments with counter-derived seeds,
 * and evaluation of success metrics on named variants at fixed seeds.
 */
package io.posttrain4j.core.rollout;
