package io.posttrain4j.virl;

import java.util.List;

import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;
import io.posttrain4j.virl.verify.VirlTask;
import io.posttrain4j.virl.verify.VirlVerifier;

/** Registers the V-IRL step verifier under id {@code virl} with the single mode {@code reference}. */
public final class VirlVerifierProvider implements VerifierProvider<VirlTask> {
    public static final String ID = "virl";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<VirlTask> taskType() {
        return VirlTask.class;
    }

    @Override
    public List<String> modes() {
        return List.of("reference");
    }

    @Override
    public Verifier<VirlTask> create(String mode) {
        Verifiers.checkMode(this, mode);
        return new VirlVerifier();
    }
}
