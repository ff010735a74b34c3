package io.posttrain4j.core.model.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible map from bytes to printable characters, which byte-level BPE vocabularies in
 * {@code tokenizer.json} files use as token spellings (a space byte is {@code 'Ġ'}).
 */
final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + extra++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {}

    /** The spelling of a byte string. */
    static String spell(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** The bytes of a spelling, or {@code null} if a character is outside the alphabet. */
    static byte[] unspell(String spelling) {
        byte[] out = new byte[spelling.length()];
        for (int i = 0; i < out.length; i++) {
            char c = spelling.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) {
                return null;
            }
            out[i] = (byte) b;
        }
        return out;
    }

    /** A readable form for messages. */
    static String show(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
