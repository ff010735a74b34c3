package io.posttrain4j.core.model.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of the text as ids {@code 0..255}, followed by the seven special tokens in the order of
 * {@link SpecialTokens} ({@code 256} pad, {@code 257} begin-of-text, {@code 258} end-of-turn, {@code 259} image,
 * {@code 260} system, {@code 261} user, {@code 262} assistant).
 *
 * <p>The vocabulary every small model can start from: no training, every string round-trips. Stateless and
 * thread-safe.
 */
public final class ByteTokenizer implements Tokenizer {
    /** Number of byte ids; the special tokens follow them. */
    public static final int BYTES = 256;

    private static final SpecialTokens SPECIAL = SpecialVocabulary.after(BYTES);

    public ByteTokenizer() {}

    @Override
    public int vocabSize() {
        return BYTES + SpecialVocabulary.COUNT;
    }

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    /** Drops special ids; malformed UTF-8 (for example a sampled half of a character) becomes U+FFFD. */
    @Override
    public String decode(int[] ids) {
        byte[] bytes = new byte[ids.length];
        int n = 0;
        for (int id : ids) {
            if (id >= 0 && id < BYTES) {
                bytes[n++] = (byte) id;
            } else if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " out of range [0, " + vocabSize() + ")");
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public SpecialTokens special() {
        return SPECIAL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteTokenizer;
    }

    @Override
    public int hashCode() {
        return ByteTokenizer.class.hashCode();
    }

    @Override
    public String toString() {
        return "ByteTokenizer[vocab=" + vocabSize() + "]";
    }
}
