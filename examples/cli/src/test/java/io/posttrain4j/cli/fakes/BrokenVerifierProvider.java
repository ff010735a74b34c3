package io.posttrain4j.cli.fakes;

import java.util.List;

import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;

/** Test verifier provider that fails to construct, as a provider with a missing dependency would. */
public final class BrokenVerifierProvider implements VerifierProvider<String> {
    public BrokenVerifierProvider() {
        throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public Class<String> taskType() {
        return String.class;
    }

    @Override
    public List<String> modes() {
        return List.of("exact");
    }

    @Override
    public Verifier<String> create(String mode) {
        throw new IllegalStateException("unreachable: the constructor throws");
    }
}
