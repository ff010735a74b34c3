package io.posttrain4j.examples.custom;

import java.util.List;

import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;

/** Registers {@link WordVerifier} so that {@code posttrain4j verify --env wordplay} can audit logged answers. */
public final class WordplayVerifierProvider implements VerifierProvider<WordTask> {
    @Override
    public String id() {
        return WordplayProvider.ID;
    }

    @Override
    public Class<WordTask> taskType() {
        return WordTask.class;
    }

    @Override
    public List<String> modes() {
        return List.of("exact");
    }

    @Override
    public Verifier<WordTask> create(String mode) {
        Verifiers.checkMode(this, mode);
        return new WordVerifier();
    }
}
