package io.posttrain4j.cli.fakes;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.image.RgbImage;

/**
 * The test environment behind {@link EchoEnvironmentProvider}: answer with the word; a wrong answer earns -1 and a
 * revision turn until the attempts are spent (truncation); the right one earns +1 and terminates.
 */
public final class EchoEnvironment implements Environment, Expert {
    public static final List<String> WORDS = List.of("apple", "banana", "cherry", "damson");

    private final String variant;
    private final String fixedWord;
    private final int attempts;
    private String word;
    private Observation observation;
    private int used;
    private boolean done = true;
    private boolean solved;

    EchoEnvironment(String variant, String fixedWord, int attempts) {
        this.variant = variant;
        this.fixedWord = fixedWord;
        this.attempts = attempts;
    }

    /** The picture of {@code word} in the image variant: 3x2 pixels coloured by the word. */
    public static RgbImage picture(String word) {
        int c = word.hashCode() & 0xFFFFFF;
        return RgbImage.of(3, 2, new int[] {c, 0, c, 0xFFFFFF, c, 0});
    }

    @Override
    public String id() {
        return "echo/" + variant;
    }

    @Override
    public Observation reset(long seed) {
        word = fixedWord != null ? fixedWord : WORDS.get(new SplittableRandom(seed).nextInt(WORDS.size()));
        used = 0;
        done = false;
        solved = false;
        Message system = Message.system("You repeat words.");
        Message user = variant.equals("echo-image")
                ? Message.user("Say the word in the picture.", List.of(picture(word)))
                : Message.user("Say the word: " + word + "\n");
        observation = new Observation(List.of(system, user));
        return observation;
    }

    @Override
    public Step step(String action) {
        if (done) {
            throw new IllegalStateException("echo: call reset before step, and not after the episode ended");
        }
        used++;
        if (action.trim().equals(word)) {
            done = true;
            solved = true;
            return new Step(observation.followUp(action, "Correct."), 1.0, true, false, "correct.", true);
        }
        observation = observation.followUp(action, "You failed this trial because wrong word.");
        done = used >= attempts;
        return new Step(observation, -1.0, false, done, "wrong word.", false);
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        return Map.of("success", Tally.of(solved));
    }

    @Override
    public String expertAnswer() {
        if (done) {
            throw new IllegalStateException("echo: no episode is running");
        }
        return word;
    }
}
