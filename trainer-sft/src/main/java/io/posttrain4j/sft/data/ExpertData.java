package io.posttrain4j.sft.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.rollout.Seeds;

/**
 * Expert datasets from any environment with the {@link Expert} capability.
 *
 * <p>Each episode is played along the expert's trajectory, and every decision point (every observation the
 * expert answers) gives one conversation: one per episode for a single-step task like GeneralPoints, one per rail
 * point for a route-following task like V-IRL. Episode {@code i} resets with {@code Seeds.derive(seed, i)}, so a
 * dataset is a pure function of {@code (environment, options, seed, count)}.
 */
public final class ExpertData {
    /** Tries before giving up on finding a decoy answer that differs from the expert's. */
    private static final int DECOY_TRIES = 16;
    /** A bound on decision points per episode, against an environment that never ends. */
    private static final int MAX_POINTS = 10_000;

    private ExpertData() {}

    /**
     * The study's main setting: single-turn conversations, each decision point's prompt followed by the expert
     * answer, over {@code count} episodes.
     *
     * @throws IllegalArgumentException when the environment has no expert
     * @throws IllegalStateException when the environment rejects its own expert's answer
     */
    public static List<SftConversation> singleTurn(Supplier<? extends Environment> factory, long seed, int count) {
        return trajectories(factory, seed, count, 0, 1.0);
    }

    /**
     * The study's sub-optimal-trajectory ablation, built generically: at each decision point, {@code wrongAttempts}
     * times answer with the expert answer of a different episode (a plausible but wrong attempt) and step the
     * environment to get its real feedback turn, then give the expert answer. A decoy that the environment accepts
     * (it moves on) ends that conversation there, kept as the right answer it is.
     *
     * @throws IllegalStateException when the environment ends an episode after a wrong attempt (it needs revision
     *     turns, e.g. GeneralPoints with {@code verifyIter > wrongAttempts})
     */
    public static List<SftConversation> multiTurn(
            Supplier<? extends Environment> factory, long seed, int count, int wrongAttempts) {
        if (wrongAttempts < 1) {
            throw new IllegalArgumentException("wrongAttempts must be >= 1, got " + wrongAttempts);
        }
        return trajectories(factory, seed, count, wrongAttempts, 1.0);
    }

    /**
     * Single-turn data in which a fraction of the episodes teach revision: episode {@code i} is, with probability
     * {@code fraction} (drawn from {@code (seed, i)}), played as in {@link #multiTurn} with one wrong attempt and
     * the environment's real feedback before the expert answer; the others are single-turn. Train on it with
     * {@link #answerExamples}, so that only expert answers carry loss and the wrong attempts are context: a model
     * trained from scratch on single-turn data alone has never read a revision turn and answers garbage there
     * (docs/BENCHMARKS.md, PPO section 3).
     *
     * @param fraction in [0, 1]
     * @throws IllegalStateException when the environment ends an episode after one wrong attempt
     */
    public static List<SftConversation> withRevisions(
            Supplier<? extends Environment> factory, long seed, int count, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the revision fraction must be in [0, 1], got " + fraction);
        }
        return trajectories(factory, seed, count, 1, fraction);
    }

    /**
     * @param fraction the share of episodes played with {@code wrongAttempts} (the others with none); at 1 every
     *     episode, with no draw, so that {@link #multiTurn}'s data does not depend on the draw's stream
     */
    private static List<SftConversation> trajectories(
            Supplier<? extends Environment> factory, long seed, int count, int wrongAttempts, double fraction) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        long decoyStream = Seeds.stream(seed, "decoy");
        long revisionStream = Seeds.stream(seed, "revision");
        List<SftConversation> out = new ArrayList<>(count);
        try (Environment env = factory.get(); Environment decoyEnv = wrongAttempts > 0 ? factory.get() : null) {
            Expert expert = expertOf(env);
            Expert decoys = decoyEnv == null ? null : expertOf(decoyEnv);
            for (int i = 0; i < count; i++) {
                int wrongHere = fraction >= 1
                        || new SplittableRandom(Seeds.derive(revisionStream, i)).nextDouble() < fraction
                        ? wrongAttempts : 0;
                Observation point = env.reset(Seeds.derive(seed, i));
                for (int p = 0; ; p++) {
                    if (p == MAX_POINTS) {
                        throw new IllegalStateException(env.id() + ": episode " + i + " did not end within "
                                + MAX_POINTS + " expert answers");
                    }
                    Observation current = point;
                    List<Message> finished = null;
                    Step last = null;
                    for (int k = 0; k < wrongHere && finished == null; k++) {
                        String wrong = decoy(decoyEnv, decoys, decoyStream, i, p, k, expert.expertAnswer());
                        Step step = env.step(wrong);
                        if (movedOn(current, step)) {
                            finished = withAnswer(current, wrong);
                            last = step;
                        } else if (step.done()) {
                            throw new IllegalStateException(env.id() + " ended episode " + i + " after wrong attempt "
                                    + (k + 1) + " of " + wrongHere + "; multi-turn data needs at least "
                                    + (wrongHere + 1) + " attempts per decision (e.g. option verifyIter)");
                        } else {
                            current = step.observation();
                        }
                    }
                    if (finished == null) {
                        String answer = expert.expertAnswer();
                        finished = withAnswer(current, answer);
                        last = env.step(answer);
                        if (!movedOn(current, last)) {
                            throw new IllegalStateException(env.id() + " rejected its own expert's answer '" + answer
                                    + "' in episode " + i + ": " + last.feedback());
                        }
                    }
                    out.add(new SftConversation(finished));
                    if (last.done()) {
                        break;
                    }
                    point = last.observation();
                }
            }
        }
        return out;
    }

    /**
     * Whether the environment accepted an answer to {@code current}: the episode ended in success, or it goes on
     * with an observation that is not a revision turn of this one (the task moved to its next decision). An
     * episode that ended without success did not accept it.
     */
    private static boolean movedOn(Observation current, Step step) {
        if (step.success()) {
            return true;
        }
        if (step.done()) {
            return false;
        }
        List<Message> before = current.messages();
        List<Message> after = step.observation().messages();
        return !(after.size() > before.size() && after.subList(0, before.size()).equals(before));
    }

    private static List<Message> withAnswer(Observation prompt, String answer) {
        List<Message> m = new ArrayList<>(prompt.messages());
        m.add(Message.assistant(answer));
        return m;
    }

    /** The expert answer of another episode that differs from {@code right}. */
    private static String decoy(
            Environment env, Expert expert, long stream, long episode, int point, int attempt, String right) {
        String last = null;
        long base = Seeds.derive(Seeds.derive(stream, episode, point), attempt);
        for (int t = 0; t < DECOY_TRIES; t++) {
            env.reset(Seeds.derive(base, t));
            last = expert.expertAnswer();
            if (!last.trim().equals(right.trim())) {
                return last;
            }
        }
        return last; // every other episode has this answer too: stepping it will count as a success
    }

    private static Expert expertOf(Environment env) {
        return env.expert().orElseThrow(() -> new IllegalArgumentException(
                env.id() + " has no expert capability; SFT data needs an environment that implements Expert"));
    }

    /** Every scored example of {@code conversations}, in order. */
    public static List<SftExample> examples(List<SftConversation> conversations) {
        Objects.requireNonNull(conversations, "conversations");
        List<SftExample> out = new ArrayList<>();
        conversations.forEach(c -> out.addAll(c.examples()));
        return out;
    }

    /**
     * One example per conversation: its last assistant turn, with the turns before it as the prompt. For
     * {@link #withRevisions} data these are exactly the expert answers (a wrong attempt is never a target).
     */
    public static List<SftExample> answerExamples(List<SftConversation> conversations) {
        Objects.requireNonNull(conversations, "conversations");
        return conversations.stream().map(SftConversation::lastExample).toList();
    }
}
