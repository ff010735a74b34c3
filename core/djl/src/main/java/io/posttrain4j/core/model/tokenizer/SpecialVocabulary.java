package io.posttrain4j.core.model.tokenizer;

import java.util.List;

/**
 * The spelling and order of the special tokens that the own tokenizers ({@link ByteTokenizer}, {@link
 * BpeTokenizer}) append after their regular vocabulary. The strings follow Llama 3 where a Llama 3 token exists,
 * so a saved vocabulary reads naturally next to Hugging Face files.
 */
final class SpecialVocabulary {
    /** Spellings in {@link SpecialTokens} component order. */
    static final List<String> NAMES = List.of(
            "<|pad|>", "<|begin_of_text|>", "<|eot|>", "<|image|>", "<|system|>", "<|user|>", "<|assistant|>");

    static final int COUNT = NAMES.size();

    private SpecialVocabulary() {}

    /** Special tokens numbered {@code first, first + 1, ...} in component order. */
    static SpecialTokens after(int first) {
        return new SpecialTokens(first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6);
    }
}
