package io.posttrain4j.core.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-level BPE tokenizer: ids {@code 0..255} are the bytes, each learned merge adds a token after them, and
 * the seven special tokens of {@link SpecialTokens} follow the merges in component order.
 *
 * <p>Text is split into chunks by a GPT-2-style pre-tokenizer, each chunk's UTF-8 bytes are merged pair by pair in
 * merge-rank order (the lowest rank first, the leftmost occurrence first), and chunk results are cached. Every
 * well-formed string round-trips: {@code decode(encode(s)).equals(s)} (lone surrogates, which UTF-8 cannot hold,
 * become {@code '?'}). Instances are immutable apart from the cache and thread-safe.
 *
 * <p>Train one with {@link #train(List, int)}; persist it with {@link Tokenizers#save(Tokenizer, java.nio.file.Path)},
 * which writes a Hugging Face {@code tokenizer.json} that the {@code tokenizers} library loads with equal ids.
 */
public final class BpeTokenizer implements Tokenizer {
    /** Chunks are few and short in practice; the cap bounds memory on adversarial input. */
    private static final int CACHE_LIMIT = 200_000;

    private final int[][] merges;
    private final byte[][] tokenBytes;
    private final Map<Long, Integer> rankOfPair;
    private final int[] resultOfRank;
    private final SpecialTokens special;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * Replays an ordered merge list. Merge {@code r} joins tokens {@code merges.get(r)[0]} and {@code [1]}; its
     * result is the existing token with the same bytes if there is one, else the next new id.
     *
     * @throws IllegalArgumentException if a merge is not a pair, names a token not yet defined, or repeats a pair
     */
    public BpeTokenizer(List<int[]> merges) {
        Objects.requireNonNull(merges, "merges");
        List<byte[]> tokens = new ArrayList<>(256 + merges.size());
        Map<String, Integer> idOfBytes = new HashMap<>();
        for (int b = 0; b < ByteTokenizer.BYTES; b++) {
            tokens.add(new byte[] {(byte) b});
            idOfBytes.put(key(tokens.get(b)), b);
        }
        this.merges = new int[merges.size()][];
        this.rankOfPair = new HashMap<>(merges.size() * 2);
        this.resultOfRank = new int[merges.size()];
        for (int r = 0; r < merges.size(); r++) {
            int[] m = merges.get(r);
            if (m == null || m.length != 2) {
                throw new IllegalArgumentException("merge " + r + " must be a pair of token ids, got "
                        + Arrays.toString(m));
            }
            for (int id : m) {
                if (id < 0 || id >= tokens.size()) {
                    throw new IllegalArgumentException("merge " + r + " " + Arrays.toString(m) + " names token " + id
                            + ", but only ids [0, " + tokens.size() + ") exist at that point");
                }
            }
            long pair = pair(m[0], m[1]);
            if (rankOfPair.containsKey(pair)) {
                throw new IllegalArgumentException("merge " + r + " " + Arrays.toString(m) + " repeats merge "
                        + rankOfPair.get(pair));
            }
            byte[] joined = concat(tokens.get(m[0]), tokens.get(m[1]));
            Integer existing = idOfBytes.get(key(joined));
            int id = existing != null ? existing : tokens.size();
            if (existing == null) {
                tokens.add(joined);
                idOfBytes.put(key(joined), id);
            }
            this.merges[r] = m.clone();
            rankOfPair.put(pair, r);
            resultOfRank[r] = id;
        }
        this.tokenBytes = tokens.toArray(new byte[0][]);
        this.special = SpecialVocabulary.after(tokenBytes.length);
    }

    /**
     * Learns merges from {@code corpus} until the vocabulary, bytes and special tokens included, holds {@code
     * vocabSize} tokens or no pair occurs twice. Deterministic: the most frequent pair wins, ties go to the pair
     * with the smaller (left id, right id).
     *
     * @param vocabSize target size, {@code >= 263} (256 bytes + 7 special tokens)
     */
    public static BpeTokenizer train(List<String> corpus, int vocabSize) {
        int minimum = ByteTokenizer.BYTES + SpecialVocabulary.COUNT;
        if (vocabSize < minimum) {
            throw new IllegalArgumentException("vocabSize must be >= " + minimum
                    + " (256 bytes + 7 special tokens), got " + vocabSize);
        }
        return new BpeTokenizer(BpeTrainer.train(corpus, vocabSize - SpecialVocabulary.COUNT));
    }

    @Override
    public int vocabSize() {
        return tokenBytes.length + SpecialVocabulary.COUNT;
    }

    /** Number of learned merges (the vocabulary can be smaller than 256 + merges when merges share a result). */
    public int mergeCount() {
        return merges.length;
    }

    /** The merges in rank order, as (left id, right id) pairs; a copy. */
    public List<int[]> merges() {
        List<int[]> out = new ArrayList<>(merges.length);
        for (int[] m : merges) {
            out.add(m.clone());
        }
        return out;
    }

    /** The bytes of a regular (non-special) token; a copy. */
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= tokenBytes.length) {
            throw new IllegalArgumentException("token id " + id + " is not a regular token; regular ids are [0, "
                    + tokenBytes.length + ")");
        }
        return tokenBytes[id].clone();
    }

    @Override
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        IntList out = new IntList(text.length() / 2 + 4);
        PreTokenizer.forEach(text, chunk -> out.addAll(encodeChunk(chunk)));
        return out.toArray();
    }

    /** Drops special ids; malformed UTF-8 (for example a cut-off sampled sequence) becomes U+FFFD. */
    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 3);
        for (int id : ids) {
            if (id >= 0 && id < tokenBytes.length) {
                bytes.writeBytes(tokenBytes[id]);
            } else if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " out of range [0, " + vocabSize() + ")");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public SpecialTokens special() {
        return special;
    }

    private int[] encodeChunk(String chunk) {
        int[] cached = cache.get(chunk);
        if (cached != null) {
            return cached;
        }
        int[] ids = mergeBytes(chunk.getBytes(StandardCharsets.UTF_8));
        if (cache.size() < CACHE_LIMIT) {
            cache.put(chunk, ids);
        }
        return ids;
    }

    /** Applies merges by rank; chunks are short (the pre-tokenizer caps them), so a quadratic scan is cheapest. */
    private int[] mergeBytes(byte[] bytes) {
        int[] sym = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            sym[i] = bytes[i] & 0xFF;
        }
        int n = sym.length;
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestPos = -1;
            for (int i = 0; i + 1 < n; i++) {
                Integer r = rankOfPair.get(pair(sym[i], sym[i + 1]));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    bestPos = i;
                }
            }
            if (bestPos < 0) {
                break;
            }
            sym[bestPos] = resultOfRank[bestRank];
            System.arraycopy(sym, bestPos + 2, sym, bestPos + 1, n - bestPos - 2);
            n--;
        }
        return Arrays.copyOf(sym, n);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** A map key for a byte string: Latin-1 maps each byte to one char, so equal keys mean equal bytes. */
    static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BpeTokenizer other && Arrays.deepEquals(other.merges, merges);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(merges);
    }

    @Override
    public String toString() {
        return "BpeTokenizer[vocab=" + vocabSize() + ", merges=" + merges.length + "]";
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] data;
        private int size;

        IntList(int capacity) {
            data = new int[Math.max(4, capacity)];
        }

        void addAll(int[] vs) {
            if (size + vs.length > data.length) {
                data = Arrays.copyOf(data, Math.max(size + vs.length, data.length * 2));
            }
            System.arraycopy(vs, 0, data, size, vs.length);
            size += vs.length;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
