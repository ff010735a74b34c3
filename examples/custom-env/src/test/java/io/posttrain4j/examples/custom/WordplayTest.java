package io.posttrain4j.examples.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.env.EnvironmentChecker;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.verify.Verdict;

class WordplayTest {
    @Test
    void serviceLoaderFindsTheCustomEnvironmentByVariantName() {
        Environments envs = Environments.discover();
        assertThat(envs.resolve("wordplay-rotate").qualifiedName()).isEqualTo("wordplay/wordplay-rotate");
    }

    @Test
    void everyVariantPassesTheEnvironmentChecker() {
        WordplayProvider p = new WordplayProvider();
        for (Variant v : p.variants()) {
            EnvironmentChecker.check(() -> p.create(v.name(), Map.of())).throwIfFailed();
        }
    }

    @Test
    void theVerifierPointsAtTheFirstWrongLetter() {
        WordVerifier v = new WordVerifier();
        WordTask t = new WordTask("table", "reverse");
        assertThat(v.verify(t, "elbat")).extracting(Verdict::reward, Verdict::success).containsExactly(1.0, true);
        assertThat(v.verify(t, "elbta").feedback()).isEqualTo("letter 4 is wrong");
        assertThat(v.verify(t, "elb").feedback()).isEqualTo("the answer needs 5 letters, got 3");
        assertThat(v.verify(t, "ELBAT").feedback()).isEqualTo("answer with lower-case letters only");
        assertThat(v.verify(new WordTask("table", "rotate"), "ablet").success()).isTrue();
    }

    @Test
    void aFailedAttemptAddsTheFeedbackTurnAndTheLastOneTruncates() {
        var env = new WordplayProvider().create("wordplay-reverse", Map.of("verifyIter", "2"));
        env.reset(3);
        Step first = env.step("zzz");
        assertThat(first.done()).isFalse();
        assertThat(first.observation().lastUserText()).startsWith("You failed this trial because ");
        Step second = env.step("zzz");
        assertThat(second.truncated()).isTrue();
    }

    @Test
    void badOptionsNameTheValueAndTheAcceptedRange() {
        assertThatThrownBy(() -> new WordplayProvider().create("wordplay-reverse", Map.of("verifyIter", "0")))
                .hasMessage("option verifyIter of wordplay must be an integer in [1, 100], got '0'");
        assertThatThrownBy(() -> new WordplayProvider().create("wordplay-revers", Map.of()))
                .hasMessageContaining("did you mean wordplay-reverse?");
    }

    @Test
    void itsCorpusTeachesTheHeldOutRulesPartsButNeverTheRule() {
        Corpora corpora = Corpora.discover();
        assertThat(corpora.qualifiedFamilies()).contains("wordplay/letters", "wordplay/tasks");
        Corpus c = corpora.mixture(corpora.parseMixture("wordplay"), Map.of(), 3);
        Set<String> kinds = new HashSet<>();
        for (long i = 0; i < 2_000; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            assertThat(q).doesNotStartWith("rotate");
            kinds.add(q.substring(0, q.indexOf(':')));
            if (q.startsWith("reverse: ")) {
                assertThat(d.answer()).isEqualTo(new WordTask(q.substring(9), "reverse").answer());
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder("first letter", "last letter", "without the first letter",
                "reverse");
    }
}
