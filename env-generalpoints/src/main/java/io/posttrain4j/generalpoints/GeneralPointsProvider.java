package io.posttrain4j.generalpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.spi.Names;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.Solver;
import io.posttrain4j.generalpoints.game.SuitSet;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.render.ImageSize;
import io.posttrain4j.generalpoints.verify.VerifierLimits;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * Registers GeneralPoints under id {@code generalpoints} with the study's five settings as variants:
 * {@code gp-l}, {@code gp-l-rule-ood}, {@code gp-vl}, {@code gp-vl-rule-ood}, {@code gp-vl-visual-ood}.
 *
 * <p>Options (text, defaults first): {@code faceValues=variant} (the variant's rule; or any face-card mapping,
 * {@code 1} or {@code 5,7,2} for J, Q, K, dealt, prompted, solved and verified alike), {@code target=24}, {@code verifyIter=5}, {@code verifier=exact|reference},
 * {@code prompt=reference|compact|values}, {@code image=reference|small|N}, {@code finalUnscoredTurn=true}, and the
 * verifier's bounds for training {@code rewardFloor=-10}, {@code maxFeedback=256}, {@code maxResponse=8192}
 * (each also {@code none}; all three {@code none} give the study's unbounded rewards and feedback).
 */
public final class GeneralPointsProvider implements EnvironmentProvider {
    /** The environment id. */
    public static final String ID = "generalpoints";

    private static final List<Variant> VARIANTS = List.of(
            new Variant("gp-l", "cards as text; J, Q, K count as 10; any suits", Split.IN_DISTRIBUTION,
                    Modality.TEXT, "gp-l"),
            new Variant("gp-l-rule-ood", "cards as text; J, Q, K count as 11, 12, 13; a face card in every hand",
                    Split.RULE_OOD, Modality.TEXT, "gp-l"),
            new Variant("gp-vl", "cards in an image; J, Q, K count as 10; black suits", Split.IN_DISTRIBUTION,
                    Modality.IMAGE, "gp-vl"),
            new Variant("gp-vl-rule-ood", "cards in an image; J, Q, K count as 11, 12, 13; black suits",
                    Split.RULE_OOD, Modality.IMAGE, "gp-vl"),
            new Variant("gp-vl-visual-ood", "cards in an image; J, Q, K count as 10; red suits", Split.VISUAL_OOD,
                    Modality.IMAGE, "gp-vl"));

    private static final Map<String, String> DEFAULTS = defaults();
    private static final Map<String, String> DESCRIPTIONS = descriptions();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Variant> variants() {
        return VARIANTS;
    }

    @Override
    public Map<String, String> options() {
        return DESCRIPTIONS;
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        return new GeneralPointsEnvironment(ID + "/" + variant, config(variant, options));
    }

    /** The configuration of {@code variant} with option overrides; errors name the bad variant, key or value. */
    public static GeneralPointsConfig config(String variant, Map<String, String> options) {
        Variant v = VARIANTS.stream().filter(x -> x.name().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(Names.unknown("variant of " + ID,
                        String.valueOf(variant), VARIANTS.stream().map(Variant::name).toList())));
        Options o = new Options(ID, DEFAULTS, options);
        boolean ruleOod = v.split() == Split.RULE_OOD;
        SuitSet suits = v.modality() == Modality.TEXT ? SuitSet.MIXED
                : v.split() == Split.VISUAL_OOD ? SuitSet.RED : SuitSet.BLACK;
        return new GeneralPointsConfig(
                faceRule(o.string("faceValues"), ruleOod ? FaceRule.AS_11_12_13 : FaceRule.AS_10),
                ruleOod,
                suits,
                v.modality(),
                o.integer("target", 1, Solver.MAX_TARGET),
                o.integer("verifyIter", 1, 100),
                VerifierMode.of(o.choice("verifier", Set.copyOf(VerifierMode.labels()))),
                PromptStyle.of(o.choice("prompt", Set.copyOf(PromptStyle.labels()))),
                ImageSize.of(o.string("image")),
                o.bool("finalUnscoredTurn"),
                limits(o));
    }

    private static FaceRule faceRule(String text, FaceRule variantRule) {
        if (text.trim().equalsIgnoreCase("variant")) {
            return variantRule;
        }
        try {
            return FaceRule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option faceValues of " + ID + " must be variant (the variant's rule), "
                    + "one value for J, Q and K (e.g. 10) or three for J, Q, K in order (e.g. 11,12,13), each in "
                    + FaceRule.MIN_VALUE + ".." + FaceRule.MAX_VALUE + ", got '" + text + "'", e);
        }
    }

    private static VerifierLimits limits(Options o) {
        double floor = isNone(o, "rewardFloor") ? Double.NEGATIVE_INFINITY : floor(o.string("rewardFloor"));
        int feedback = isNone(o, "maxFeedback") ? Integer.MAX_VALUE : length(o, "maxFeedback", 32);
        int response = isNone(o, "maxResponse") ? Integer.MAX_VALUE : length(o, "maxResponse", 64);
        return new VerifierLimits(floor, feedback, response);
    }

    private static double floor(String text) {
        try {
            double x = Double.parseDouble(text.trim());
            if (Double.isFinite(x) && x <= -3) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option rewardFloor of " + ID + " must be a number at most -3 (the reward"
                + " of one illegal formula) or none, got '" + text + "'");
    }

    private static int length(Options o, String key, int min) {
        String text = o.string(key);
        try {
            int x = Integer.parseInt(text.trim());
            if (x >= min) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + key + " of " + ID + " must be a whole number of characters, at"
                + " least " + min + ", or none, got '" + text + "'");
    }

    private static boolean isNone(Options o, String key) {
        return o.string(key).trim().equalsIgnoreCase("none");
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("faceValues", "variant");
        m.put("target", "24");
        m.put("verifyIter", "5");
        m.put("verifier", "exact");
        m.put("prompt", "reference");
        m.put("image", "reference");
        m.put("finalUnscoredTurn", "true");
        m.put("rewardFloor", "-10");
        m.put("maxFeedback", "256");
        m.put("maxResponse", "8192");
        return Map.copyOf(m);
    }

    private static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("faceValues", "variant: the variant's J, Q, K values, or a mapping such as 1 or 5,7,2 (J, Q, K)");
        m.put("target", "24: the number to make");
        m.put("verifyIter", "5: scored attempts per hand (sequential revision)");
        m.put("verifier", "exact: exact (fractions) or reference (the study's floating point)");
        m.put("prompt", "reference: reference (the study's texts), compact (short texts for small models) or values "
                + "(compact; answers state the card values before the formula)");
        m.put("image", "reference: reference (1200x1200), small (128x48) or N (an NxN canvas, e.g. a vision "
                + "encoder's own size), GP-VL only");
        m.put("finalUnscoredTurn", "true: after the last failed attempt allow one unscored answer (-1, truncated)");
        m.put("rewardFloor", "-10: lowest reward handed out (<= -3, or none for the study's unbounded penalties)");
        m.put("maxFeedback", "256: feedback longer than this many characters is cut (>= 32, or none)");
        m.put("maxResponse", "8192: a longer response scores -3 unread (>= 64 characters, or none)");
        return java.util.Collections.unmodifiableMap(m);
    }
}
