package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The incremental trainer must pick exactly the merges of a naive trainer that recounts every pair each time. */
class BpeTrainerTest {

    /** The textbook algorithm: recount all adjacent pairs, merge the most frequent (ties: smaller ids). */
    static List<int[]> naiveTrain(List<String> corpus, int regularTokens) {
        Map<String, Long> chunks = new HashMap<>();
        for (String s : corpus) {
            for (String c : PreTokenizer.split(s)) {
                chunks.merge(c, 1L, Long::sum);
            }
        }
        List<int[]> words = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        chunks.forEach((c, f) -> {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            int[] sym = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                sym[i] = b[i] & 0xFF;
            }
            words.add(sym);
            freq.add(f);
        });
        List<byte[]> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(new byte[] {(byte) b});
        }
        List<int[]> merges = new ArrayList<>();
        while (tokens.size() < regularTokens) {
            Map<Long, Long> counts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] sym = words.get(w);
                for (int i = 0; i + 1 < sym.length; i++) {
                    counts.merge(BpeTokenizer.pair(sym[i], sym[i + 1]), freq.get(w), Long::sum);
                }
            }
            long best = -1;
            long bestCount = 0;
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (bestCount < 2) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            byte[] joined = BpeTokenizer.concat(tokens.get(left), tokens.get(right));
            int id = -1;
            for (int t = 0; t < tokens.size(); t++) {
                if (java.util.Arrays.equals(tokens.get(t), joined)) {
                    id = t;
                }
            }
            if (id < 0) {
                id = tokens.size();
                tokens.add(joined);
            }
            merges.add(new int[] {left, right});
            for (int w = 0; w < words.size(); w++) {
                int[] sym = words.get(w);
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
                words.set(w, java.util.Arrays.copyOf(out, n));
            }
        }
        return merges;
    }

    private static List<String> randomCorpus(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        // A tiny alphabet makes long runs ("aaaa"), back-to-back repeats ("abab") and shared spellings common.
        String alphabet = "aab b.c1\u00e9";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rng.nextInt(40);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void incrementalTrainingMatchesTheNaiveAlgorithmOnRandomCorpora() {
        for (long seed = 0; seed < 40; seed++) {
            List<String> corpus = randomCorpus(seed);
            List<int[]> fast = BpeTrainer.train(corpus, 330);
            List<int[]> slow = naiveTrain(corpus, 330);
            assertThat(fast).as("seed %d", seed).hasSizeGreaterThan(20);
            assertThat(fast).as("seed %d", seed).usingRecursiveComparison().isEqualTo(slow);
        }
    }

    @Test
    void incrementalTrainingMatchesTheNaiveAlgorithmOnPromptText() {
        List<String> corpus = BpeTokenizerTest.corpus(80, 5);
        assertThat(BpeTrainer.train(corpus, 400)).usingRecursiveComparison().isEqualTo(naiveTrain(corpus, 400));
    }

    @Test
    void trainedMergesReproduceTheTrainingSegmentationWhenEncoding() {
        List<String> corpus = randomCorpus(99);
        BpeTokenizer t = new BpeTokenizer(BpeTrainer.train(corpus, 300));
        for (String s : corpus) {
            assertThat(t.decode(t.encode(s))).isEqualTo(s);
        }
    }
}
