/**
 * Training utilities shared by the trainers: AdamW with saveable state, warmup-cosine schedules, global-norm
 * clipping, a no-grad guard, JSON-lines metrics, checkpoints that resume exactly ({@code TrainingCheckpoint}),
 * terminal progress, FLOPs accounting and run provenance.
 */
package io.posttrain4j.core.train;
