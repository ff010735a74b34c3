package io.posttrain4j.core.env;

import java.util.Objects;
import java.util.function.UnaryOperator;

import io.posttrain4j.core.verify.Verdict;

/**
 * The study's sequential revision over a verified question: the policy answers, the verifier judges, and a wrong
 * answer is followed by a user turn quoting the verifier ("You failed this trial because ..."), within a budget of
 * scored attempts per question. An environment keeps only its task, prompt and verifier (a {@link Question}) and
 * delegates {@link Environment#step} here; the protocol, its texts and its rules live once.
 *
 * <p>One {@link #step}: a correct answer either moves to the next question of the episode (a fresh prompt, the
 * budget renewed; V-IRL's rail points) or ends it (terminated, success). A wrong answer appends the answer and the
 * revision turn; when it spends the budget, the episode is truncated, or ({@link LastTurn}) one more generation is
 * asked and not judged: reward -1, truncated, the rules' step-limit feedback. Not thread-safe: one per environment.
 */
public final class SequentialRevision {
    /** The revision turn's prefix, as in the study's trainer and evaluator. */
    public static final String FAILED_PREFIX = "You failed this trial because ";

    /** What an environment asks and how it judges: the single-turn verified task under the protocol. */
    public interface Question {
        /** The current question as a fresh prompt (its first user turn, with any image). */
        Observation question();

        /** Judges an answer to the current question. */
        Verdict judge(String answer);

        /**
         * After a correct answer: moves to the next question and returns true, or returns false when the correct
         * answer ends the episode (the default: one question per episode).
         */
        default boolean next() {
            return false;
        }
    }

    /** What happens after the last scored attempt at a question failed. */
    public enum LastTurn {
        /** The failed attempt truncates the episode. */
        NONE,
        /** One more generation, not judged, after the revision turn quoting the step-limit feedback (GeneralPoints). */
        UNSCORED_ANSWER,
        /**
         * One more generation, not judged, after the revision turn of the last failed attempt; the observation
         * that ends the episode is the fresh question, not a follow-up (V-IRL).
         */
        UNSCORED_QUESTION
    }

    /**
     * The protocol's settings.
     *
     * @param attempts scored attempts per question (the study's {@code verifyIter}), at least 1
     * @param revisionTurn the user turn after a wrong answer, from the verifier's feedback
     * @param lastTurn what follows the last failed scored attempt
     * @param stepLimitFeedback the feedback of the unscored generation (the reference's texts differ per task)
     * @param feedbackOnSuccess whether a correct final answer is followed by a user turn with the verifier's
     *     feedback in the last observation
     */
    public record Rules(int attempts, UnaryOperator<String> revisionTurn, LastTurn lastTurn, String stepLimitFeedback,
            boolean feedbackOnSuccess) {
        public Rules {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
            }
            Objects.requireNonNull(revisionTurn, "revisionTurn");
            Objects.requireNonNull(lastTurn, "lastTurn");
            Objects.requireNonNull(stepLimitFeedback, "stepLimitFeedback");
        }

        /** The study's revision turn: {@code "You failed this trial because " + feedback}. */
        public static String studyTurn(String feedback) {
            return FAILED_PREFIX + feedback;
        }
    }

    private final Rules rules;
    private final Question question;
    private Observation current;
    private int attempts;
    private boolean done = true;

    public SequentialRevision(Rules rules, Question question) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.question = Objects.requireNonNull(question, "question");
    }

    /** Starts an episode at the question's first prompt (call from {@link Environment#reset}). */
    public Observation start() {
        attempts = 0;
        done = false;
        current = question.question();
        return current;
    }

    /** Whether the episode has ended (or not started). */
    public boolean done() {
        return done;
    }

    /** Scored attempts at the current question. */
    public int attempts() {
        return attempts;
    }

    /**
     * One answer under the protocol.
     *
     * @param action the policy's text; null is judged as an empty answer
     * @throws IllegalStateException when the episode has ended or not started
     */
    public Step step(String action) {
        if (done) {
            throw new IllegalStateException("step after the episode ended (or before the first reset); call reset");
        }
        String answer = action == null ? "" : action;
        if (attempts >= rules.attempts()) {
            // the generation after the last scored attempt: not judged, -1, truncated
            done = true;
            current = rules.lastTurn() == LastTurn.UNSCORED_QUESTION ? question.question()
                    : current.followUp(answer, rules.revisionTurn().apply(rules.stepLimitFeedback()));
            return new Step(current, -1, false, true, rules.stepLimitFeedback(), false);
        }
        Verdict verdict = question.judge(answer);
        attempts++;
        if (verdict.success()) {
            if (question.next()) {
                attempts = 0;
                current = question.question();
                return new Step(current, verdict.reward(), false, false, verdict.feedback(), false);
            }
            done = true;
            if (rules.feedbackOnSuccess()) {
                current = current.followUp(answer, verdict.feedback());
            }
            return new Step(current, verdict.reward(), true, false, verdict.feedback(), true);
        }
        current = current.followUp(answer, rules.revisionTurn().apply(verdict.feedback()));
        boolean truncated = attempts >= rules.attempts() && rules.lastTurn() == LastTurn.NONE;
        done = truncated;
        return new Step(current, verdict.reward(), false, truncated, verdict.feedback(), false);
    }
}
