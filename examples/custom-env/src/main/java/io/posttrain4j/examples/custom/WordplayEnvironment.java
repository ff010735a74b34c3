package io.posttrain4j.examples.custom;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.SequentialRevision;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.verify.Verdict;

/**
 * A third environment, written only against the SPI as a user would: transform a word by a rule. It has the
 * same structure as the study's tasks: a rule the policy must apply ({@code reverse} in distribution,
 * {@code rotate} as the rule-OOD variant), a rule-based verifier, and sequential revision with feedback.
 */
public final class WordplayEnvironment implements Environment, Expert {
    static final List<String> WORDS = List.of(
            "apple", "table", "river", "stone", "green", "light", "music", "paper", "plant", "glass",
            "train", "cloud", "house", "bread", "chair", "smile", "dream", "ocean", "tiger", "zebra",
            "lemon", "robot", "pilot", "storm", "candle", "garden", "window", "silver", "rocket", "forest",
            "cat", "dog", "sun", "map", "key", "box", "cup", "pen", "ice", "owl");

    private final String variant;
    private final String rule;
    private final WordVerifier verifier = new WordVerifier();
    private final SequentialRevision revision;
    private WordTask task;
    private boolean success;

    WordplayEnvironment(String variant, String rule, int attempts) {
        this.variant = variant;
        this.rule = rule;
        // the study's revision protocol from the core: a wrong answer gets "You failed this trial because ...",
        // and the last failed attempt ends the episode
        this.revision = new SequentialRevision(new SequentialRevision.Rules(attempts,
                feedback -> SequentialRevision.Rules.studyTurn(feedback) + ".", SequentialRevision.LastTurn.NONE,
                "", false), new SequentialRevision.Question() {
                    @Override
                    public Observation question() {
                        return Observation.of(rule + ": " + task.word());
                    }

                    @Override
                    public Verdict judge(String answer) {
                        Verdict v = verifier.verify(task, answer);
                        success |= v.success();
                        return v;
                    }
                });
    }

    @Override
    public String id() {
        return WordplayProvider.ID + "/" + variant;
    }

    @Override
    public Observation reset(long seed) {
        task = new WordTask(WORDS.get(new SplittableRandom(seed).nextInt(WORDS.size())), rule);
        success = false;
        return revision.start();
    }

    @Override
    public Step step(String action) {
        if (task == null) {
            throw new IllegalStateException("step() before reset()");
        }
        if (revision.done()) {
            throw new IllegalStateException("step() after the episode ended; call reset() first");
        }
        return revision.step(action);
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        return Map.of("success", Tally.of(success));
    }

    @Override
    public String expertAnswer() {
        if (task == null || revision.done()) {
            throw new IllegalStateException("no expert answer outside a running episode");
        }
        return task.answer();
    }
}
