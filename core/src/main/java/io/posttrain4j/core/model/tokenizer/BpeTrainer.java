package io.posttrain4j.core.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges with incremental pair counts: the corpus is reduced to distinct pre-tokenizer
 * chunks with their frequencies, a max-heap of pair counts (with lazy deletion of stale entries) picks each merge,
 * and only the chunks that hold the merged pair are rescanned.
 */
final class BpeTrainer {
    /** A pair seen once gains nothing from a merge. */
    private static final long MIN_PAIR_COUNT = 2;

    private final int[][] words;
    private final long[] freq;
    private final Map<Long, Long> pairCount = new HashMap<>();
    private final Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
    /** Highest count first; ties by the smaller (left, right), which the packed long orders directly. */
    private final PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> x[0] != y[0]
            ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));

    private BpeTrainer(Map<String, Long> chunkCounts) {
        words = new int[chunkCounts.size()][];
        freq = new long[chunkCounts.size()];
        int w = 0;
        for (Map.Entry<String, Long> e : chunkCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] sym = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                sym[i] = bytes[i] & 0xFF;
            }
            words[w] = sym;
            freq[w] = e.getValue();
            w++;
        }
    }

    /**
     * The merges that grow a byte vocabulary to {@code regularTokens} tokens (fewer if pairs run out).
     *
     * @param regularTokens target count of non-special tokens, {@code >= 256}
     */
    static List<int[]> train(List<String> corpus, int regularTokens) {
        Objects.requireNonNull(corpus, "corpus");
        Map<String, Long> chunkCounts = new HashMap<>();
        for (String text : corpus) {
            PreTokenizer.forEach(Objects.requireNonNull(text, "corpus element"),
                    chunk -> chunkCounts.merge(chunk, 1L, Long::sum));
        }
        return new BpeTrainer(chunkCounts).run(regularTokens);
    }

    private List<int[]> run(int regularTokens) {
        List<byte[]> tokens = new ArrayList<>();
        Map<String, Integer> idOfBytes = new HashMap<>();
        for (int b = 0; b < ByteTokenizer.BYTES; b++) {
            tokens.add(new byte[] {(byte) b});
            idOfBytes.put(BpeTokenizer.key(tokens.get(b)), b);
        }
        for (int w = 0; w < words.length; w++) {
            addPairs(w, +1, null);
        }
        for (Map.Entry<Long, Long> e : pairCount.entrySet()) {
            heap.add(new long[] {e.getValue(), e.getKey()});
        }
        List<int[]> merges = new ArrayList<>();
        Set<Long> touched = new LinkedHashSet<>();
        while (tokens.size() < regularTokens && !heap.isEmpty()) {
            long[] top = heap.poll();
            long pair = top[1];
            long current = pairCount.getOrDefault(pair, 0L);
            if (current != top[0]) {
                continue; // stale: the count changed after this entry was pushed
            }
            if (current < MIN_PAIR_COUNT) {
                break;
            }
            int left = (int) (pair >>> 32);
            int right = (int) pair;
            byte[] joined = BpeTokenizer.concat(tokens.get(left), tokens.get(right));
            Integer existing = idOfBytes.get(BpeTokenizer.key(joined));
            int id = existing != null ? existing : tokens.size();
            if (existing == null) {
                tokens.add(joined);
                idOfBytes.put(BpeTokenizer.key(joined), id);
            }
            merges.add(new int[] {left, right});
            touched.clear();
            Set<Integer> holders = wordsWithPair.remove(pair);
            for (int w : holders) {
                addPairs(w, -1, touched);
                words[w] = apply(words[w], left, right, id);
                addPairs(w, +1, touched);
            }
            pairCount.remove(pair);
            for (long p : touched) {
                Long c = pairCount.get(p);
                if (c != null && c > 0) {
                    heap.add(new long[] {c, p});
                } else {
                    pairCount.remove(p);
                }
            }
        }
        return merges;
    }

    /** Adds ({@code sign} = +1) or removes (-1) word {@code w}'s pair occurrences, weighted by its frequency. */
    private void addPairs(int w, int sign, Set<Long> touched) {
        int[] sym = words[w];
        long weight = sign * freq[w];
        for (int i = 0; i + 1 < sym.length; i++) {
            long p = BpeTokenizer.pair(sym[i], sym[i + 1]);
            pairCount.merge(p, weight, Long::sum);
            if (sign > 0) {
                wordsWithPair.computeIfAbsent(p, k -> new HashSet<>()).add(w);
            }
            if (touched != null) {
                touched.add(p);
            }
        }
    }

    /** Replaces each non-overlapping (left, right) occurrence, scanning left to right, with {@code id}. */
    private static int[] apply(int[] sym, int left, int right, int id) {
        int[] out = new int[sym.length];
        int n = 0;
        for (int i = 0; i < sym.length; i++) {
            if (i + 1 < sym.length && sym[i] == left && sym[i + 1] == right) {
                out[n++] = id;
                i++;
            } else {
                out[n++] = sym[i];
            }
        }
        return n == sym.length ? sym : Arrays.copyOf(out, n);
    }
}
