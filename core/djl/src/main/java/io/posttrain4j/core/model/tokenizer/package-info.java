/**
 * Tokenizers and the chat template of the default policy: a byte-level vocabulary ({@link
 * io.posttrain4j.core.model.tokenizer.ByteTokenizer}), a byte-level BPE trained on environment texts ({@link
 * io.posttrain4j.core.model.tokenizer.BpeTokenizer}), an adapter over Hugging Face {@code tokenizer.json} files
 * ({@link io.posttrain4j.core.model.tokenizer.HuggingFaceTokenizer}), their persistence ({@link
 * io.posttrain4j.core.model.tokenizer.Tokenizers}) and {@link io.posttrain4j.core.model.tokenizer.DefaultChatTemplate}.
 */
package io.posttrain4j.core.model.tokenizer;
