package io.posttrain4j.sft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.sft.data.SftExample;

/** An endless corpus read in order: the batch at position p holds documents p, p+1, ...; one epoch. */
final class CorpusData implements TrainingData {
    private final Corpus corpus;

    CorpusData(Corpus corpus) {
        this.corpus = corpus;
    }

    @Override
    public Batch take(TrainablePolicy policy, long epoch, long position, int count) {
        List<SftExample> out = new ArrayList<>(count);
        List<int[]> tokens = new ArrayList<>(count);
        int[] lens = new int[count];
        for (int k = 0; k < count; k++) {
            Document d = corpus.document(position + k);
            SftExample e = new SftExample(d.prompt(), d.answer());
            int[] answer = policy.encodeResponse(e.response());
            out.add(e);
            tokens.add(answer);
            lens[k] = policy.promptTokens(e.prompt()) + answer.length;
        }
        return new Batch(out, tokens, lens, 0, position + count);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corpus", corpus.weights());
        m.put("corpusOptions", corpus.options());
        m.put("corpusSeed", corpus.seed());
        return m;
    }
}
