package org.example.parity;

import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.verify.Verdict;

/** One question per episode: a number below {@code limit}; the answer is even or odd. */
public final class ParityEnvironment implements Environment, Expert {
    private final String variant;
    private final int limit;
    private final ParityVerifier verifier = new ParityVerifier();
    private ParityTask task;
    private boolean success;
    private boolean done;

    public ParityEnvironment(String variant, int limit) {
        this.variant = variant;
        this.limit = limit;
    }

    @Override
    public String id() {
        return "parity/" + variant;
    }

    @Override
    public Observation reset(long seed) {
        task = new ParityTask(new SplittableRandom(seed).nextInt(limit));
        success = false;
        done = false;
        return Observation.of("Is " + task.number() + " even or odd?");
    }

    @Override
    public Step step(String action) {
        if (task == null || done) {
            throw new IllegalStateException(task == null ? "step before reset" : "step after the episode ended");
        }
        Verdict v = verifier.verify(task, action);
        success = v.success();
        done = true;
        Observation next = Observation.of("Is " + task.number() + " even or odd?").followUp(action, v.feedback());
        return new Step(next, v.reward(), true, false, v.feedback(), v.success());
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        return Map.of("success", Tally.of(success));
    }

    @Override
    public String expertAnswer() {
        return task.answer();
    }
}
