package io.posttrain4j.core.model.tokenizer.bench;

import java.util.List;
import java.util.Locale;

import io.posttrain4j.core.model.tokenizer.BpeTokenizer;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizer;

/**
 * Measures BPE training time and encode throughput of the BPE and byte tokenizers on one seeded corpus.
 *
 * <p>Run: {@code mvn -B -o -q -pl core/djl exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.posttrain4j.core.model.tokenizer.bench.TokenizerBench [-Dexec.args="20000 1024"]}
 * (corpus size, BPE vocabulary). Ratios against the byte tokenizer come from the same run.
 */
public final class TokenizerBench {
    private TokenizerBench() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        System.out.println("== GeneralPoints prompts and answers");
        run(BenchCorpus.generalPoints(size, 42), vocab);
        System.out.println("== pseudo-words, 300 chars each (diverse: many merges)");
        run(BenchCorpus.pseudoWords(size, 300, 42), 4 * vocab);
    }

    private static void run(List<String> corpus, int vocab) {
        int size = corpus.size();
        long chars = corpus.stream().mapToLong(String::length).sum();
        System.out.printf(Locale.ROOT, "corpus: %d strings, %d chars (mean %.0f)%n", size, chars,
                (double) chars / size);

        BpeTokenizer bpe = null;
        double bestTrain = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            bpe = BpeTokenizer.train(corpus, vocab);
            bestTrain = Math.min(bestTrain, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "BPE train to vocab %d: %.2f s (best of 3), %d merges%n", bpe.vocabSize(),
                bestTrain, bpe.mergeCount());

        BpeTokenizer cold = new BpeTokenizer(bpe.merges());
        long t0 = System.nanoTime();
        long coldTokens = countTokens(cold, corpus);
        double coldS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "BPE encode, first pass (cold chunk cache): %.2f M tokens/s, %.1f M chars/s%n",
                coldTokens / coldS / 1e6, chars / coldS / 1e6);

        ByteTokenizer bytes = new ByteTokenizer();
        double bpeS = bestPass(bpe, corpus);
        double byteS = bestPass(bytes, corpus);
        long bpeTokens = countTokens(bpe, corpus);
        long byteTokens = countTokens(bytes, corpus);
        System.out.printf(Locale.ROOT, "BPE encode (warm): %.2f M tokens/s, %.1f M chars/s, %.2f tokens/string%n",
                bpeTokens / bpeS / 1e6, chars / bpeS / 1e6, (double) bpeTokens / size);
        System.out.printf(Locale.ROOT, "byte encode:       %.2f M tokens/s, %.1f M chars/s, %.2f tokens/string%n",
                byteTokens / byteS / 1e6, chars / byteS / 1e6, (double) byteTokens / size);
        System.out.printf(Locale.ROOT, "ratio: BPE emits %.1fx fewer tokens; BPE encode takes %.1fx the time of byte "
                + "encode%n", (double) byteTokens / bpeTokens, bpeS / byteS);
    }

    private static double bestPass(Tokenizer tokenizer, List<String> corpus) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            countTokens(tokenizer, corpus);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static long countTokens(Tokenizer tokenizer, List<String> corpus) {
        long n = 0;
        for (String s : corpus) {
            n += tokenizer.encode(s).length;
        }
        return n;
    }
}
