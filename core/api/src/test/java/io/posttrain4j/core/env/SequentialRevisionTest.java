package io.posttrain4j.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.verify.Verdict;

class SequentialRevisionTest {
    /** Questions "q0", "q1", ... whose right answer is "a<i>"; the last one ends the episode. */
    static final class Numbered implements SequentialRevision.Question {
        final int questions;
        int at;
        final List<String> judged = new ArrayList<>();

        Numbered(int questions) {
            this.questions = questions;
        }

        @Override
        public Observation question() {
            return Observation.of("q" + at);
        }

        @Override
        public Verdict judge(String answer) {
            judged.add(answer);
            boolean right = answer.equals("a" + at);
            return new Verdict(right ? 1 : -1, right, right ? "right" : "not a" + at, Map.of());
        }

        @Override
        public boolean next() {
            if (at + 1 < questions) {
                at++;
                return true;
            }
            return false;
        }
    }

    private static SequentialRevision revision(int attempts, SequentialRevision.LastTurn last, boolean feedback,
            Numbered q) {
        return new SequentialRevision(new SequentialRevision.Rules(attempts, SequentialRevision.Rules::studyTurn, last,
                "limit", feedback), q);
    }

    private static String lastUser(Observation o) {
        return o.messages().get(o.messages().size() - 1).text();
    }

    @Test
    void aWrongAnswerIsRevisedWithTheVerifiersFeedbackAndTheBudgetTruncates() {
        Numbered q = new Numbered(1);
        SequentialRevision r = revision(2, SequentialRevision.LastTurn.NONE, false, q);
        assertThat(lastUser(r.start())).isEqualTo("q0");
        Step first = r.step("x");
        assertThat(first.reward()).isEqualTo(-1);
        assertThat(first.done()).isFalse();
        assertThat(lastUser(first.observation())).isEqualTo("You failed this trial because not a0");
        assertThat(first.observation().messages()).hasSize(3); // question, answer, revision turn
        Step second = r.step(null); // judged as an empty answer
        assertThat(q.judged).containsExactly("x", "");
        assertThat(second.truncated()).isTrue();
        assertThat(second.terminated()).isFalse();
        assertThat(r.done()).isTrue();
        assertThatThrownBy(() -> r.step("a0")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the episode ended");
    }

    @Test
    void theUnscoredLastTurnAsksOnceMoreWithoutJudging() {
        Numbered q = new Numbered(1);
        SequentialRevision answer = revision(1, SequentialRevision.LastTurn.UNSCORED_ANSWER, true, q);
        answer.start();
        assertThat(answer.step("x").done()).isFalse();
        Step unscored = answer.step("a0"); // right, but not judged
        assertThat(q.judged).containsExactly("x");
        assertThat(unscored).extracting(Step::reward, Step::truncated, Step::success, Step::feedback)
                .containsExactly(-1.0, true, false, "limit");
        assertThat(lastUser(unscored.observation())).isEqualTo("You failed this trial because limit");

        SequentialRevision fresh = revision(1, SequentialRevision.LastTurn.UNSCORED_QUESTION, false, new Numbered(1));
        fresh.start();
        fresh.step("x");
        assertThat(fresh.step("y").observation().messages()).hasSize(1); // the question asked afresh
    }

    @Test
    void aRightAnswerMovesToTheNextQuestionWithANewBudgetOrEndsTheEpisode() {
        Numbered q = new Numbered(2);
        SequentialRevision r = revision(1, SequentialRevision.LastTurn.UNSCORED_QUESTION, true, q);
        r.start();
        Step moved = r.step("a0");
        assertThat(moved).extracting(Step::reward, Step::done, Step::success).containsExactly(1.0, false, false);
        assertThat(lastUser(moved.observation())).isEqualTo("q1");
        assertThat(r.attempts()).isZero();
        assertThat(r.step("x").done()).isFalse(); // the budget of q1, then its unscored turn
        r.start(); // a new episode of the same question object starts from its current question
        Step end = r.step("a1");
        assertThat(end).extracting(Step::terminated, Step::success).containsExactly(true, true);
        assertThat(lastUser(end.observation())).isEqualTo("right"); // feedbackOnSuccess
    }

    @Test
    void rulesAreChecked() {
        assertThatThrownBy(() -> revision(0, SequentialRevision.LastTurn.NONE, false, new Numbered(1)))
                .hasMessage("attempts must be >= 1, got 0");
        SequentialRevision r = revision(1, SequentialRevision.LastTurn.NONE, false, new Numbered(1));
        assertThatThrownBy(() -> r.step("a0")).isInstanceOf(IllegalStateException.class);
    }
}
