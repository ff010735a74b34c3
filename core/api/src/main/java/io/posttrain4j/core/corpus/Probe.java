package io.posttrain4j.core.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

/**
 * A held-out question set read from a corpus: documents {@code 0..count-1} of {@code corpus} (give it a seed of
 * its own, not the training corpus's), scored by exact match of the policy's greedy answer (surrounding white
 * space ignored). Two probes of one family under two rules, e.g. {@code rules} with J, Q, K = 10 and with 11, 12,
 * 13, show whether a model reads the rule it is given. Immutable; evaluation is as thread-safe as the policy.
 *
 * @param name the metric name, e.g. {@code rules@11,12,13}
 * @param corpus where the questions come from
 * @param count how many documents are asked, >= 1
 */
public record Probe(String name, Corpus corpus, int count) {
    public Probe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(corpus, "corpus");
        if (count < 1) {
            throw new IllegalArgumentException("a probe asks at least one question, got " + count);
        }
    }

    /**
     * The fraction of questions answered exactly, greedy.
     *
     * @param batchSize questions generated together
     * @param maxNewTokens the answer budget; longer answers are wrong
     */
    public double accuracy(Policy policy, int batchSize, int maxNewTokens) {
        int right = 0;
        for (int start = 0; start < count; start += batchSize) {
            int n = Math.min(batchSize, count - start);
            List<Observation> prompts = new ArrayList<>(n);
            List<String> answers = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Document d = corpus.document(start + k);
                prompts.add(d.prompt());
                answers.add(d.answer().strip());
            }
            List<Generation> out = policy.generate(prompts, Sampling.greedy(maxNewTokens), new long[n]);
            for (int k = 0; k < n; k++) {
                Generation g = out.get(k);
                if (g.stopped() && g.text().strip().equals(answers.get(k))) {
                    right++;
                }
            }
        }
        return (double) right / count;
    }
}
