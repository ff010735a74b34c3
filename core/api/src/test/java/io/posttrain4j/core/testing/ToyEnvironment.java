package io.posttrain4j.core.testing;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;

/**
 * A tiny environment for trainer tests: the observation names a colour, the right answer is its fixed partner
 * word. Two scored attempts with feedback (sequential revision), then truncation.
 */
public final class ToyEnvironment implements Environment, Expert {
    public static final List<String> PROMPTS = List.of("red", "green", "blue");
    public static final List<String> ANSWERS = List.of("apple", "leaf", "sky");

    private final int attempts;
    private int target = -1;
    private int tries;
    private boolean done;
    private boolean success;
    private Observation current;

    public ToyEnvironment(int attempts) {
        this.attempts = attempts;
    }

    public ToyEnvironment() {
        this(2);
    }

    @Override
    public String id() {
        return "toy/default";
    }

    @Override
    public Observation reset(long seed) {
        target = new SplittableRandom(seed).nextInt(PROMPTS.size());
        tries = 0;
        done = false;
        success = false;
        current = Observation.of("Name the thing: " + PROMPTS.get(target));
        return current;
    }

    @Override
    public Step step(String action) {
        if (target < 0) {
            throw new IllegalStateException("step() before reset()");
        }
        if (done) {
            throw new IllegalStateException("step() after the episode ended; call reset()");
        }
        tries++;
        boolean right = action.trim().equals(ANSWERS.get(target));
        if (right) {
            done = true;
            success = true;
            return new Step(current, 1.0, true, false, "Correct", true);
        }
        String feedback = "wrong answer";
        Observation next = current.followUp(action, "You failed this trial because " + feedback + ".");
        current = next;
        if (tries >= attempts) {
            done = true;
            return new Step(next, -1.0, false, true, feedback, false);
        }
        return new Step(next, -1.0, false, false, feedback, false);
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        return Map.of("success", Tally.of(success));
    }

    @Override
    public String expertAnswer() {
        if (target < 0 || done) {
            throw new IllegalStateException("no expert answer outside a running episode");
        }
        return ANSWERS.get(target);
    }
}
