package io.posttrain4j.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.rollout.Episode;
import io.posttrain4j.core.rollout.Evaluator;

/**
 * How the reproduction plays a checkpoint's evaluation episodes: in this process ({@link #IN_PROCESS}), or
 * elsewhere with the same episodes (e.g. on Spark executors, {@code posttrain4j-spark}'s {@code SparkWorkers}).
 * Either way the episodes come back whole and in {@link Evaluator#episodes} order, so that every checkpoint's
 * hands pair with every other's and the first ones serve as the report's samples.
 */
@FunctionalInterface
public interface VariantEvaluation {
    /** {@code evaluator}'s episodes of {@code policy} on each of {@code variants}, by variant as given. */
    Map<String, List<Episode>> episodes(Policy policy, Evaluator evaluator, List<String> variants);

    /** {@code evaluator.episodes(policy, variant)} for each variant. */
    VariantEvaluation IN_PROCESS = (policy, evaluator, variants) -> {
        Map<String, List<Episode>> out = new LinkedHashMap<>();
        for (String v : variants) {
            out.put(v, evaluator.episodes(policy, v));
        }
        return out;
    };
}
