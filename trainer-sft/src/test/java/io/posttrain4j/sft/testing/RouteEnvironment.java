package io.posttrain4j.sft.testing;

import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;

/**
 * A multi-decision task in the shape of V-IRL: {@code points} decisions per episode; a right answer moves on with
 * a fresh single-turn prompt, a wrong one gets a revision turn, two wrong answers at one point truncate.
 */
public final class RouteEnvironment implements Environment, Expert {
    private final int points;
    private int offset;
    private int point;
    private int tries;
    private boolean done = true;
    private Observation current;

    public RouteEnvironment(int points) {
        this.points = points;
    }

    @Override
    public String id() {
        return "route/test";
    }

    @Override
    public Observation reset(long seed) {
        offset = new SplittableRandom(seed).nextInt(100);
        point = 0;
        tries = 0;
        done = false;
        current = prompt();
        return current;
    }

    private Observation prompt() {
        return Observation.of("at point " + point + " of route " + offset);
    }

    @Override
    public Step step(String action) {
        if (done) {
            throw new IllegalStateException("step() outside an episode");
        }
        if (action.equals(expertAnswer())) {
            point++;
            tries = 0;
            if (point == points) {
                done = true;
                return new Step(current, 1, true, false, "arrived", true);
            }
            current = prompt();
            return new Step(current, 1, false, false, "right", false);
        }
        if (++tries == 2) {
            done = true;
            return new Step(prompt(), -1, false, true, "too many tries", false);
        }
        current = current.followUp(action, "wrong, try again");
        return new Step(current, -1, false, false, "wrong", false);
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        return Map.of("success", Tally.of(done && point == points));
    }

    @Override
    public String expertAnswer() {
        if (done) {
            throw new IllegalStateException("no expert answer outside an episode");
        }
        return "go " + (offset + point);
    }
}
