package io.posttrain4j.cli.fakes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;

/** Test provider {@code echo}: repeat a word; variant {@code echo-image} shows it as a picture. */
public final class EchoEnvironmentProvider implements EnvironmentProvider {
    static final Map<String, String> DEFAULTS = defaults();

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public List<Variant> variants() {
        return List.of(
                new Variant("echo", "say the word you read", Split.IN_DISTRIBUTION, Modality.TEXT, "echo"),
                new Variant("echo-image", "say the word you see", Split.VISUAL_OOD, Modality.IMAGE, "echo"));
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("word", "(by seed): the word to repeat");
        o.put("attempts", "2: answers allowed per episode");
        return o;
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        if (!variant.equals("echo") && !variant.equals("echo-image")) {
            throw new IllegalArgumentException("unknown variant '" + variant + "'; known: echo, echo-image");
        }
        Options o = new Options("echo", DEFAULTS, options);
        String word = o.string("word");
        return new EchoEnvironment(variant, word.isEmpty() ? null : word, o.integer("attempts", 1, 10));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("word", "");
        d.put("attempts", "2");
        return d;
    }
}
