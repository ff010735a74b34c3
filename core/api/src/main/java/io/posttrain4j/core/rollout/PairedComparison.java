package io.posttrain4j.core.rollout;

import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.env.Tally;

/**
 * Two policies compared episode by episode on the same episodes (the same seeds, e.g. two runs of one
 * {@link Evaluator}): the mean over episodes of {@code candidate rate - baseline rate} of one metric and its
 * standard error. Because both policies face the same tasks, the task-to-task spread cancels and the difference is
 * far tighter than two separate error bars suggest (400 GP-L hands: +-2.5 points paired against +-3.5 unpaired).
 *
 * <p>Every episode weighs the same (its own rate of the metric, e.g. 0 or 1 for success, the share of correct
 * steps for a step accuracy); episodes where either policy has no count of the metric are left out.
 *
 * @param metric the metric compared
 * @param episodes episodes that count (both policies have the metric there)
 * @param baseline the baseline's mean per-episode rate
 * @param candidate the candidate's mean per-episode rate
 * @param difference {@code candidate - baseline}
 * @param standardError of the difference: the standard deviation of per-episode differences / sqrt(episodes); NaN
 *     for fewer than 2 episodes
 * @param better episodes where the candidate's rate is higher
 * @param worse episodes where it is lower
 */
public record PairedComparison(String metric, int episodes, double baseline, double candidate, double difference,
        double standardError, int better, int worse) {

    /**
     * Compares {@code candidate} with {@code baseline} on {@code metric}.
     *
     * @throws IllegalArgumentException when the lists differ in length or in an episode's seed (they are not the
     *     same episodes), or when no episode has the metric for both
     */
    public static PairedComparison of(String metric, List<Episode> baseline, List<Episode> candidate) {
        Objects.requireNonNull(metric, "metric");
        if (baseline.size() != candidate.size()) {
            throw new IllegalArgumentException("a paired comparison needs the same episodes: baseline has "
                    + baseline.size() + ", candidate " + candidate.size());
        }
        int n = 0;
        int better = 0;
        int worse = 0;
        double sumA = 0;
        double sumB = 0;
        double sumD = 0;
        double sumD2 = 0;
        for (int i = 0; i < baseline.size(); i++) {
            Episode a = baseline.get(i);
            Episode b = candidate.get(i);
            if (a.seed() != b.seed()) {
                throw new IllegalArgumentException("a paired comparison needs the same episodes: episode " + i
                        + " has seed " + a.seed() + " for the baseline and " + b.seed() + " for the candidate");
            }
            Tally ta = a.metrics().get(metric);
            Tally tb = b.metrics().get(metric);
            if (ta == null || tb == null || ta.total() == 0 || tb.total() == 0) {
                continue;
            }
            double ra = ta.rate();
            double rb = tb.rate();
            double d = rb - ra;
            n++;
            sumA += ra;
            sumB += rb;
            sumD += d;
            sumD2 += d * d;
            better += d > 0 ? 1 : 0;
            worse += d < 0 ? 1 : 0;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no episode has metric '" + metric + "' for both policies");
        }
        double mean = sumD / n;
        double se = n < 2 ? Double.NaN : Math.sqrt(Math.max(0, sumD2 - n * mean * mean) / (n - 1) / n);
        return new PairedComparison(metric, n, sumA / n, sumB / n, mean, se, better, worse);
    }
}
