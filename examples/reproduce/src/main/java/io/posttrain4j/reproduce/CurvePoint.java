package io.posttrain4j.reproduce;

import java.util.Objects;

import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Tally;

/**
 * One evaluation along training: an arm's success on one variant after a given amount of compute.
 *
 * @param task the task family, e.g. {@code gp-l}
 * @param arm {@code init}, {@code sft} or {@code rl} (or {@code rl-v3} for a verification-scaling run)
 * @param variant the evaluated variant, e.g. {@code gp-l-rule-ood}
 * @param split the variant's split
 * @param metric the metric name, e.g. {@code success}, {@code step_accuracy}, {@code card_accuracy}
 * @param gflops training compute so far by the study's formulas, init included
 * @param step the arm's optimizer step (SFT) or update (RL) at this point
 * @param tally the metric's hits and total
 */
public record CurvePoint(
        String task, String arm, String variant, Split split, String metric, double gflops, long step, Tally tally) {
    public CurvePoint {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(tally, "tally");
        if (!(gflops >= 0)) {
            throw new IllegalArgumentException("gflops must be >= 0, got " + gflops);
        }
    }

    /** Success in percent. */
    public double percent() {
        return 100 * tally.rate();
    }

    /** The binomial error bar in percent, sqrt(p(1-p)/n). */
    public double errorPercent() {
        return 100 * tally.standardError();
    }
}
