package io.posttrain4j.sft.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * <p>Episode {@code i} of a dataset resets with {@code Seeds.derive(seed, i)}, the same counter-derived seeds
 * the evaluators use for their own (separate) streams, so a dataset is a pure function of
 * {@code (environment, options, seed, count)}.
 */
public final class ExpertData {
    /** Tries before giving up on finding a decoy answer that differs from the expert's. */
    private static final int DECOY_TRIES = 16;

    private ExpertData() {}

    /**
     * The study's main setting: one single-turn conversation per episode, the first prompt followed by the expert
     * answer.
     *
     * @throws IllegalArgumentException when the environment has no expert
     */
    public static List<SftConversation> singleTurn(Supplier<? extends Environment> factory, long seed, int count) {
        checkCount(count);
        List<SftConversation> out = new ArrayList<>(count);
        try (Environment env = factory.get()) {
            Expert expert = expertOf(env);
            for (int i = 0; i < count; i++) {
                Observation first = env.reset(Seeds.derive(seed, i));
                out.add(SftConversation.of(first, expert.expertAnswer()));
            }
        }
        return out;
    }

    /**
     * The study's sub-optimal-trajectory ablation, built generically: per episode, {@code wrongAttempts} times
     * answer with the expert answer of a different episode (a plausible but wrong attempt) and step the
     * environment to get its real feedback turn, then give the expert answer. A decoy that happens to solve the
     * episode ends the conversation there (it is a right answer, kept as such).
     *
     * @throws IllegalStateException when the environment ends an episode after a wrong attempt (it needs revision
     *     turns, e.g. GeneralPoints with {@code verifyIter > wrongAttempts})
     */
    public static List<SftConversation> multiTurn(
            Supplier<? extends Environment> factory, long seed, int count, int wrongAttempts) {
        checkCount(count);
        if (wrongAttempts < 1) {
            throw new IllegalArgumentException("wrongAttempts must be >= 1, got " + wrongAttempts);
        }
        long decoyStream = Seeds.stream(seed, "decoy");
        List<SftConversation> out = new ArrayList<>(count);
        try (Environment env = factory.get(); Environment decoyEnv = factory.get()) {
            Expert expert = expertOf(env);
            Expert decoys = expertOf(decoyEnv);
            for (int i = 0; i < count; i++) {
                Observation current = env.reset(Seeds.derive(seed, i));
                List<Message> finished = null;
                for (int k = 0; k < wrongAttempts && finished == null; k++) {
                    String right = expert.expertAnswer();
                    String wrong = decoy(decoyEnv, decoys, decoyStream, i, k, right);
                    Step step = env.step(wrong);
                    if (step.success()) {
                        finished = new ArrayList<>(current.messages());
                        finished.add(Message.assistant(wrong));
                    } else if (step.done()) {
                        throw new IllegalStateException(env.id() + " ended episode " + i + " after wrong attempt "
                                + (k + 1) + " of " + wrongAttempts + "; multi-turn data needs at least "
                                + (wrongAttempts + 1) + " attempts per episode (e.g. option verifyIter)");
                    } else {
                        current = step.observation();
                    }
                }
                if (finished == null) {
                    finished = new ArrayList<>(current.messages());
                    finished.add(Message.assistant(expert.expertAnswer()));
                }
                out.add(new SftConversation(finished));
            }
        }
        return out;
    }

    /** The expert answer of another episode that differs from {@code right}. */
    private static String decoy(Environment env, Expert expert, long stream, long episode, int attempt, String right) {
        String last = null;
        for (int t = 0; t < DECOY_TRIES; t++) {
            env.reset(Seeds.derive(Seeds.derive(stream, episode, attempt), t));
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

    private static void checkCount(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
    }

    /** Every scored example of {@code conversations}, in order. */
    public static List<SftExample> examples(List<SftConversation> conversations) {
        Objects.requireNonNull(conversations, "conversations");
        List<SftExample> out = new ArrayList<>();
        conversations.forEach(c -> out.addAll(c.examples()));
        return out;
    }
}
