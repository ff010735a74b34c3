package io.posttrain4j.core.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.posttrain4j.core.env.Tally;

/**
 * Success metrics of one policy on one environment variant: the tallies summed over episodes.
 *
 * @param environment the qualified variant name, e.g. {@code generalpoints/gp-l}
 * @param episodes episodes run
 * @param metrics summed tallies by metric name
 * @param meanReward mean total reward per episode
 * @param generatedTokens tokens the policy generated
 */
public record EvalResult(String environment, int episodes, Map<String, Tally> metrics, double meanReward, long generatedTokens) {
    public EvalResult {
        metrics = Map.copyOf(metrics);
    }

    /** Sums the metrics of finished episodes. */
    public static EvalResult of(String environment, List<Episode> episodes) {
        Map<String, Tally> sums = new TreeMap<>();
        double reward = 0;
        long tokens = 0;
        for (Episode e : episodes) {
            e.metrics().forEach((k, v) -> sums.merge(k, v, Tally::plus));
            reward += e.totalReward();
            for (Transition t : e.transitions()) {
                tokens += t.generation().tokens().length;
            }
        }
        return new EvalResult(environment, episodes.size(), sums, episodes.isEmpty() ? 0 : reward / episodes.size(), tokens);
    }

    /** The rate of metric {@code name}, NaN when absent. */
    public double rate(String name) {
        Tally t = metrics.get(name);
        return t == null ? Double.NaN : t.rate();
    }

    /** Rates by name, for logs. */
    public Map<String, Double> rates() {
        Map<String, Double> out = new LinkedHashMap<>();
        new TreeMap<>(metrics).forEach((k, v) -> out.put(k, v.rate()));
        return out;
    }
}
