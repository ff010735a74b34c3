/**
 * Checkpoint file I/O in the Hugging Face safetensors format: a validating reader ({@link
 * io.posttrain4j.core.model.checkpoint.SafetensorsFile}, positional reads or memory mapping in windows, so files past
 * 2 GiB work) that widens F16/BF16 to float32 in Java (libtorch's bf16 path aborts the JVM), sharded model folders
 * ({@link io.posttrain4j.core.model.checkpoint.SafetensorsCheckpoint}) and an atomic writer ({@link
 * io.posttrain4j.core.model.checkpoint.Safetensors}). {@link io.posttrain4j.core.model.checkpoint.FloatTensor} is the
 * unit of exchange.
 */
package io.posttrain4j.core.model.checkpoint;
