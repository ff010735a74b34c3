package io.posttrain4j.core.model.tokenizer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded corpus shaped like the GeneralPoints texts: the paper-compatible prompt (about 750 characters) and
 * the expert's JSON answer (about 100), alternating. Public so that tests and other benchmarks can reuse it.
 */
public final class BenchCorpus {
    private static final String[] RANKS = {"A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K"};

    private BenchCorpus() {}

    /**
     * {@code size} strings of about {@code length} characters of pseudo-words (random syllables with a Zipf-like
     * word distribution): a diverse corpus that keeps the BPE trainer busy for thousands of merges.
     */
    public static List<String> pseudoWords(int size, int length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] onsets = {"", "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "st", "tr", "ch"};
        String[] vowels = {"a", "e", "i", "o", "u", "ai", "ou", "ee"};
        String[] codas = {"", "", "n", "r", "s", "t", "l", "nd", "ng"};
        String[] lexicon = new String[20_000];
        for (int w = 0; w < lexicon.length; w++) {
            StringBuilder word = new StringBuilder();
            int syllables = 1 + rng.nextInt(4);
            for (int s = 0; s < syllables; s++) {
                word.append(onsets[rng.nextInt(onsets.length)]).append(vowels[rng.nextInt(vowels.length)])
                        .append(codas[rng.nextInt(codas.length)]);
            }
            lexicon[w] = word.toString();
        }
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            StringBuilder sb = new StringBuilder(length + 20);
            while (sb.length() < length) {
                // Zipf-like: the index is the cube of a uniform draw, so low indices dominate.
                double u = rng.nextDouble();
                sb.append(lexicon[(int) (u * u * u * lexicon.length)]);
                sb.append(rng.nextInt(12) == 0 ? ", " : rng.nextInt(20) == 0 ? ". " : " ");
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** {@code size} strings from {@code seed}; equal arguments give equal corpora. */
    public static List<String> generalPoints(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String[] cards = new String[4];
            int[] values = new int[4];
            for (int c = 0; c < 4; c++) {
                int rank = 1 + rng.nextInt(13);
                cards[c] = RANKS[rank - 1];
                values[c] = Math.min(rank, 10);
            }
            String list = "['" + String.join("', '", cards) + "']";
            int target = rng.nextInt(4) == 0 ? 12 + rng.nextInt(20) : 24;
            String faces = rng.nextBoolean() ? "'J', 'Q', and 'K' count as '10'."
                    : "'J', 'Q', and 'K' count as '11', '12', and '13' respectively.";
            if (i % 2 == 0) {
                out.add("\n[Task Description]\nYou are an expert " + target + " points card game player. "
                        + "You will receive a set of 4 cards.\nNote that " + faces + ", and each card must be used "
                        + "once.\nYour goal is to output a formula that evaluates to " + target + " using numbers "
                        + "from the cards and operators such as '+', '-', '*', '/', '(', ')', and '='.\n\n[Input]\n"
                        + "Cards: " + list + "\n\n[Output]\n{\n  \"cards\": [x, y, z, w], where " + faces + ",\n"
                        + "  \"number\": [a, b, c, d], where a, b, c, and d are the numbers on the cards,\n"
                        + "  \"formula\": 'an equation that equals " + target + "',\n}\n");
            } else {
                out.add("\n{\n  \"cards\": " + list + ",\n  \"number\": [" + values[0] + ", " + values[1] + ", "
                        + values[2] + ", " + values[3] + "],\n  \"formula\": \"(" + values[0] + "+" + values[1]
                        + ")*" + values[2] + "-" + values[3] + "=" + target + "\",\n}");
            }
        }
        return out;
    }
}
