/**
 * SFT data: conversations with scored assistant turns, expert datasets built from any environment with the
 * {@link io.posttrain4j.core.env.Expert} capability (single-turn, or sub-optimal multi-turn with real verifier
 * feedback), and the study's LLaVA-style JSON format.
 */
package io.posttrain4j.sft.data;
