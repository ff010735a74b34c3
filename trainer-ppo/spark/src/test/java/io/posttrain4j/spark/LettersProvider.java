package io.posttrain4j.spark;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.env.Variant;

/**
 * A two-turn test environment found through ServiceLoader (the executors discover it): the prompt names a letter,
 * and a response earns the share of its characters equal to that letter, so an untrained model sees rewards that
 * differ between episodes.
 */
public final class LettersProvider implements EnvironmentProvider {
    @Override
    public String id() {
        return "letters";
    }

    @Override
    public List<Variant> variants() {
        return List.of(new Variant("abc", "repeat a letter", Split.IN_DISTRIBUTION, Modality.TEXT, "letters a-c"),
                new Variant("xyz", "repeat a letter", Split.RULE_OOD, Modality.TEXT, "letters x-z"));
    }

    @Override
    public Map<String, String> options() {
        return Map.of("turns", "2: turns per episode");
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        Options o = new Options("letters", Map.of("turns", "2"), options);
        return new Letters(variant.equals("xyz") ? "xyz" : "abc", o.integer("turns", 1, 5));
    }

    static final class Letters implements Environment {
        private final String alphabet;
        private final int turns;
        private char letter;
        private int turn;
        private Observation current;
        private boolean succeeded;

        Letters(String alphabet, int turns) {
            this.alphabet = alphabet;
            this.turns = turns;
        }

        @Override
        public String id() {
            return "letters";
        }

        @Override
        public Observation reset(long seed) {
            letter = alphabet.charAt(new SplittableRandom(seed).nextInt(alphabet.length()));
            turn = 0;
            succeeded = false;
            current = Observation.of("Say " + letter + ".");
            return current;
        }

        @Override
        public Step step(String response) {
            long hits = response.chars().filter(c -> c == letter).count();
            double reward = response.isEmpty() ? 0 : (double) hits / response.length();
            turn++;
            boolean done = turn >= turns;
            current = current.followUp(response, "Again: " + letter + ".");
            succeeded = reward > 0.5;
            return new Step(current, reward, done && reward > 0.5, done && reward <= 0.5, "", reward > 0.5);
        }

        @Override
        public Map<String, Tally> episodeMetrics() {
            return Map.of("success", Tally.of(succeeded));
        }
    }
}
