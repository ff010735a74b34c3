package io.posttrain4j.core.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
            addPairs(w);
        }
        for (Map.Entry<Long, Long> e : pairCount.entrySet()) {
            heap.add(new long[] {e.getValue(), e.getKey()});
        }
        List<int[]> merges = new ArrayList<>();
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
            Map<Long, Long> delta = new HashMap<>();
            Set<Integer> holders = wordsWithPair.remove(pair);
            for (int w : holders) {
                mergeInWord(w, left, right, id, delta);
            }
            pairCount.remove(pair);
            delta.remove(pair);
            for (Map.Entry<Long, Long> d : delta.entrySet()) {
                if (d.getValue() == 0) {
                    continue;
                }
                long c = pairCount.merge(d.getKey(), d.getValue(), Long::sum);
                if (c > 0) {
                    heap.add(new long[] {c, d.getKey()});
                } else {
                    pairCount.remove(d.getKey());
                }
            }
        }
        return merges;
    }

    /** Counts word {@code w}'s pair occurrences, weighted by its frequency, and indexes the word by pair. */
    private void addPairs(int w) {
        int[] sym = words[w];
        for (int i = 0; i + 1 < sym.length; i++) {
            long p = BpeTokenizer.pair(sym[i], sym[i + 1]);
            pairCount.merge(p, freq[w], Long::sum);
            wordsWithPair.computeIfAbsent(p, k -> new HashSet<>()).add(w);
        }
    }

    /**
     * Replaces each non-overlapping (left, right) occurrence in word {@code w}, scanning left to right, with
     * {@code id}, and records in {@code delta} only the pairs next to each replacement (the rest of the word keeps
     * its pairs). Words that lost the pair since they were indexed are
     * left alone.
     */
    private void mergeInWord(int w, int left, int right, int id, Map<Long, Long> delta) {
        int[] sym = words[w];
        long f = freq[w];
        int[] out = null;
        int n = 0;
        for (int i = 0; i < sym.length; i++) {
            if (i + 1 < sym.length && sym[i] == left && sym[i + 1] == right) {
                if (out == null) {
                    out = new int[sym.length];
                    System.arraycopy(sym, 0, out, 0, i);
                    n = i;
                }
                if (n > 0) {
                    int prev = out[n - 1];
                    change(delta, prev, left, -f);
                    change(delta, prev, id, +f, w);
                }
                if (i + 2 < sym.length) {
                    // When the next pair starts another occurrence, (id, left) added here is removed again as
                    // that occurrence's left neighbour, so back-to-back occurrences need no special case.
                    int next = sym[i + 2];
                    change(delta, right, next, -f);
                    change(delta, id, next, +f, w);
                }
                out[n++] = id;
                i++;
            } else if (out != null) {
                out[n++] = sym[i];
            }
        }
        if (out != null) {
            words[w] = Arrays.copyOf(out, n);
        }
    }

    private void change(Map<Long, Long> delta, int a, int b, long by) {
        delta.merge(BpeTokenizer.pair(a, b), by, Long::sum);
    }

    private void change(Map<Long, Long> delta, int a, int b, long by, int word) {
        long p = BpeTokenizer.pair(a, b);
        delta.merge(p, by, Long::sum);
        wordsWithPair.computeIfAbsent(p, k -> new HashSet<>()).add(word);
    }
}
