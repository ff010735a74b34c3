package io.posttrain4j.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

class CorpusTest {
    /** Family "add": "a+b" -> the sum; family "echo": "say w" -> w. */
    static final class Numbers implements CorpusProvider {
        @Override
        public String id() {
            return "numbers";
        }

        @Override
        public Map<String, String> families() {
            return Map.of("add", "a+b", "echo", "say w");
        }

        @Override
        public Map<String, String> options() {
            return Map.of();
        }

        @Override
        public DocumentSource open(Map<String, String> options, Set<String> families) {
            requireFamilies(families);
            return (family, rng) -> {
                int a = rng.nextInt(10);
                int b = rng.nextInt(10);
                return family.equals("add") ? new Document("numbers/add", Observation.of(a + "+" + b), "" + (a + b))
                        : new Document("numbers/echo", Observation.of("say " + a), "" + a);
            };
        }
    }

    private final Corpora corpora = Corpora.of(List.of(new Numbers()));

    @Test
    void aMixtureDrawsEachFamilyByWeightAndIsAFunctionOfSeedAndIndex() {
        Corpus c = corpora.mixture(corpora.parseMixture("numbers/add=3,numbers/echo=1"), Map.of(), 9);
        int add = 0;
        for (long i = 0; i < 4000; i++) {
            Document d = c.document(i);
            add += d.family().equals("numbers/add") ? 1 : 0;
            assertThat(d).isEqualTo(c.document(i));
        }
        assertThat(add).isBetween(2850, 3150);
        Corpus zero = corpora.mixture(corpora.parseMixture("numbers/add=0,numbers/echo=1"), Map.of(), 9);
        for (long i = 0; i < 500; i++) {
            assertThat(zero.document(i).family()).isEqualTo("numbers/echo"); // weight 0 is never drawn
        }
        assertThatThrownBy(() -> c.document(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> corpora.parseMixture(" ")).hasMessageContaining("numbers/add");
        assertThatThrownBy(() -> corpora.parseMixture("add")).hasMessageContaining("unknown corpus");
        assertThatThrownBy(() -> corpora.mixture(Map.of("numbers/add", 1.0), Map.of("other", Map.of()), 1))
                .hasMessageContaining("other");
    }

    @Test
    void aProbeCountsExactStoppedAnswers() {
        Corpus c = corpora.mixture(corpora.parseMixture("numbers/echo"), Map.of(), 2);
        // answers right on even questions, wrong on odd ones; one right answer cut by the budget counts as wrong
        Policy half = new Policy() {
            private int asked;

            @Override
            public String name() {
                return "half";
            }

            @Override
            public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
                List<Generation> out = new ArrayList<>();
                for (Observation o : observations) {
                    String word = o.lastUserText().substring(4);
                    int k = asked++;
                    String text = k % 2 == 0 ? " " + word + "\n" : "x" + word;
                    out.add(new Generation(text, new int[0], new float[0], k != 4));
                }
                return out;
            }
        };
        assertThat(new Probe("echo", c, 10).accuracy(half, 3, 8)).isEqualTo(0.4); // 0, 2, 6, 8 of 10
    }
}
