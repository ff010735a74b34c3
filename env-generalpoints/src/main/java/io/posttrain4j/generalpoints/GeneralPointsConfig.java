package io.posttrain4j.generalpoints;

import java.util.Objects;

import io.posttrain4j.core.env.Modality;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.Solver;
import io.posttrain4j.generalpoints.game.SuitSet;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.render.ImageSize;
import io.posttrain4j.generalpoints.verify.VerifierLimits;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * Everything that defines a GeneralPoints environment: the variant's rule, dealing, suits and modality, and the
 * options.
 *
 * @param rule how J, Q, K count
 * @param forceFace the reference's OOD dealing: every hand holds a J, Q or K
 * @param suits the suits dealt
 * @param modality TEXT (GP-L, cards in the prompt) or IMAGE (GP-VL, cards in a picture)
 * @param target the number to make, 1..10^6
 * @param verifyIter scored attempts per hand, 1..100 (the reference's {@code verify_iter}, 5)
 * @param verifier exact or reference judging
 * @param prompt reference, compact or values texts
 * @param image the canvas geometry (GP-VL)
 * @param finalUnscoredTurn the reference's extra generation after the last failed attempt (reward -1, truncated);
 *     off, the last failed scored attempt truncates at once
 * @param limits the verifier's bounds on reward, feedback and response length ({@link VerifierLimits#TRAINING}
 *     unless the options say otherwise; {@link VerifierLimits#NONE} judges exactly as the study)
 */
public record GeneralPointsConfig(
        FaceRule rule,
        boolean forceFace,
        SuitSet suits,
        Modality modality,
        int target,
        int verifyIter,
        VerifierMode verifier,
        PromptStyle prompt,
        ImageSize image,
        boolean finalUnscoredTurn,
        VerifierLimits limits) {
    public GeneralPointsConfig {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(suits, "suits");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(limits, "limits");
        if (target < 1 || target > Solver.MAX_TARGET) {
            throw new IllegalArgumentException("target must be in 1.." + Solver.MAX_TARGET + ", got " + target);
        }
        if (verifyIter < 1 || verifyIter > 100) {
            throw new IllegalArgumentException("verifyIter must be in 1..100, got " + verifyIter);
        }
    }

    /** Whether the observation carries the card image. */
    public boolean vision() {
        return modality == Modality.IMAGE;
    }
}
