package io.posttrain4j.ppo;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.testing.ToyEnvironment;

/** The core's {@link ToyEnvironment} as provider {@code toy}, with {@code verifyIter} revision attempts. */
final class ToyProvider implements EnvironmentProvider {
    static Environments registry() {
        return Environments.of(List.of(new ToyProvider()));
    }

    @Override
    public String id() {
        return "toy";
    }

    @Override
    public List<Variant> variants() {
        return List.of(new Variant("colours", "colour -> word", Split.IN_DISTRIBUTION, Modality.TEXT, "colours"));
    }

    @Override
    public Map<String, String> options() {
        return Map.of("verifyIter", "1: revision attempts after the first");
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        Options o = new Options("toy", Map.of("verifyIter", "1"), options);
        return new ToyEnvironment(1 + o.integer("verifyIter", 0, 10));
    }
}
