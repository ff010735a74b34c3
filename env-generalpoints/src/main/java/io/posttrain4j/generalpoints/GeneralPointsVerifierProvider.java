package io.posttrain4j.generalpoints;

import java.util.List;

import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * Registers the GeneralPoints verifier under id {@code generalpoints} with modes {@code exact} (default) and
 * {@code reference}; tasks are {@link GeneralPointsTask} records.
 */
public final class GeneralPointsVerifierProvider implements VerifierProvider<GeneralPointsTask> {
    /** The id shared with the environment. */
    public static final String ID = "generalpoints";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<GeneralPointsTask> taskType() {
        return GeneralPointsTask.class;
    }

    @Override
    public List<String> modes() {
        return VerifierMode.labels();
    }

    @Override
    public Verifier<GeneralPointsTask> create(String mode) {
        Verifiers.checkMode(this, mode);
        return new GeneralPointsVerifier(VerifierMode.of(mode));
    }
}
