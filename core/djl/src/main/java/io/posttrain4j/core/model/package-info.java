/**
 * The default policy: a Llama-style decoder (RMSNorm, rotary positions, grouped-query attention, SwiGLU) with a
 * ViT-style image encoder and a LLaVA-style projector in front and a value head on top, written by hand over DJL
 * NDArrays. {@link io.posttrain4j.core.model.DjlPolicy} implements the policy SPI (batched KV-cache generation,
 * differentiable scoring, safetensors checkpoints with Hugging Face tensor names);
 * {@link io.posttrain4j.core.model.ModelConfig} holds the architecture and its named presets;
 * {@link io.posttrain4j.core.model.DjlPolicyProvider} registers it under the id {@code djl}.
 *
 * <p>Tokenizers live in {@code model.tokenizer}, the safetensors format in {@code model.checkpoint}.
 */
package io.posttrain4j.core.model;
