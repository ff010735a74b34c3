package io.posttrain4j.sft;

import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;

/** Which variants to evaluate a policy trained on one variant: its family, in-distribution first. */
public final class EvalVariants {
    private EvalVariants() {}

    /**
     * The qualified names of every variant of the same provider whose family is the family of {@code trainedOn}:
     * the in-distribution variant first, then the out-of-distribution ones in declaration order. For
     * {@code gp-l}: {@code generalpoints/gp-l, generalpoints/gp-l-rule-ood}.
     */
    public static List<String> family(Environments environments, String trainedOn) {
        Environments.Resolved r = environments.resolve(trainedOn);
        String family = r.variant().family();
        List<String> id = new ArrayList<>();
        List<String> ood = new ArrayList<>();
        for (Variant v : r.provider().variants()) {
            if (v.family().equals(family)) {
                (v.split() == Split.IN_DISTRIBUTION ? id : ood).add(r.provider().id() + "/" + v.name());
            }
        }
        id.addAll(ood);
        return id;
    }
}
