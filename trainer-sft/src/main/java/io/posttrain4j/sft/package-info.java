/**
 * Supervised fine-tuning: {@link io.posttrain4j.sft.SftTrainer} trains a
 * {@link io.posttrain4j.core.train.TrainablePolicy} on expert examples with the loss on response tokens only,
 * evaluates it on in- and out-of-distribution variants along the way, and checkpoints it for exact resume.
 */
package io.posttrain4j.sft;
