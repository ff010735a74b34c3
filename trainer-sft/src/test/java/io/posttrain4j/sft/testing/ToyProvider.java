package io.posttrain4j.sft.testing;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.testing.ToyEnvironment;

/** Registers core's {@link ToyEnvironment} as {@code toy} with an in-distribution and a rule-OOD variant. */
public final class ToyProvider implements EnvironmentProvider {
    @Override
    public String id() {
        return "toy";
    }

    @Override
    public List<Variant> variants() {
        return List.of(
                new Variant("toy-id", "colour to word", Split.IN_DISTRIBUTION, Modality.TEXT, "toy-id"),
                new Variant("toy-other", "another family", Split.IN_DISTRIBUTION, Modality.TEXT, "toy-other"),
                new Variant("toy-ood", "same task, OOD label", Split.RULE_OOD, Modality.TEXT, "toy-id"));
    }

    @Override
    public Map<String, String> options() {
        return Map.of("attempts", "2");
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        Options o = new Options("toy", Map.of("attempts", "2"), options);
        return new ToyEnvironment(o.integer("attempts", 1, 10));
    }
}
