package io.posttrain4j.cli.fakes;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.policy.PolicyProvider;
import io.posttrain4j.core.train.TrainablePolicy;

/** Test policy provider {@code fake-policy}: lists presets, builds nothing. */
public final class FakePolicyProvider implements PolicyProvider {
    @Override
    public String id() {
        return "fake-policy";
    }

    @Override
    public List<String> presets() {
        return List.of("tiny", "small");
    }

    @Override
    public TrainablePolicy create(String nameOrPath, Map<String, String> options) {
        throw new IllegalArgumentException("the fake-policy test provider builds no policies, asked for " + nameOrPath);
    }
}
