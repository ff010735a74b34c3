package io.posttrain4j.reproduce;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;

/**
 * How the reproduction plays a checkpoint's evaluation episodes: in this process ({@link #IN_PROCESS}), or
 * elsewhere with the same results (e.g. on Spark executors, {@code posttrain4j-spark}'s {@code SparkWorkers}).
 */
@FunctionalInterface
public interface VariantEvaluation {
    /** {@code evaluator}'s results of {@code policy} on {@code variants}, by variant as given. */
    Map<String, EvalResult> evaluate(Policy policy, Evaluator evaluator, List<String> variants);

    /** {@code evaluator.evaluate(policy, variants)}. */
    VariantEvaluation IN_PROCESS = (policy, evaluator, variants) -> evaluator.evaluate(policy, variants);
}
