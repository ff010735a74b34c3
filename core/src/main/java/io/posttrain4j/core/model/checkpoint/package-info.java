/**
 * Checkpoint file I/O in the Hugging Face safetensors format: a memory-mapped, validating reader that widens
 * F16/BF16 to float32 in Java (libtorch's bf16 path aborts the JVM, see docs) and works past 2 GiB, and an atomic
 * writer. {@link io.posttrain4j.core.model.checkpoint.FloatTensor} is the unit of exchange.
 */
package io.posttrain4j.core.model.checkpoint;
