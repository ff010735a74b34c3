/**
 * Turn-level PPO and GRPO for text policies over any {@link io.posttrain4j.core.env.Environment}: one transition is
 * one generation. {@link io.posttrain4j.ppo.PpoTrainer} runs updates configured by
 * {@link io.posttrain4j.ppo.PpoConfig}; {@link io.posttrain4j.ppo.Gae}, {@link io.posttrain4j.ppo.Advantages} and
 * {@link io.posttrain4j.ppo.PpoLoss} are the pieces of one update, usable and tested on their own.
 */
package io.posttrain4j.ppo;
