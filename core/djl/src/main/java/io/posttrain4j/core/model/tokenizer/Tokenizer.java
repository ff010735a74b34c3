package io.posttrain4j.core.model.tokenizer;

/**
 * Text to token ids and back. Implementations: a compact vocabulary for small models trained from scratch and
 * Hugging Face {@code tokenizer.json} files. Thread-safe.
 */
public interface Tokenizer {
    /** Vocabulary size, special tokens included. */
    int vocabSize();

    /** Token ids of plain text; never emits special tokens, even when the text spells one. */
    int[] encode(String text);

    /** Text of ids; special tokens are dropped. */
    String decode(int[] ids);

    /** The ids of the special tokens the chat template and the model need. */
    SpecialTokens special();
}
