package org.example.parity;

import java.util.List;

import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;

/** The parity verifier for auditing logged answers. */
public final class ParityVerifierProvider implements VerifierProvider<ParityTask> {
    @Override
    public String id() {
        return "parity";
    }

    @Override
    public Class<ParityTask> taskType() {
        return ParityTask.class;
    }

    @Override
    public List<String> modes() {
        return List.of("default");
    }

    @Override
    public Verifier<ParityTask> create(String mode) {
        if (!mode.equals("default")) {
            throw new IllegalArgumentException("unknown mode '" + mode + "'; known: default");
        }
        return new ParityVerifier();
    }
}
