package io.posttrain4j.ppo;

import java.util.Objects;

/**
 * Generalised advantage estimation (Schulman et al. 2016) over a buffer of transitions in stream order, with
 * Gymnasium's distinction between termination and truncation.
 *
 * <p>The buffer holds whole or cut episodes back to back: transition {@code i+1} continues the episode of
 * {@code i} unless {@code episodeEnd[i]}. For transition i with value V_i and reward r_i:
 * <pre>
 * next_i  = 0                      if terminated (a true end)
 *         = bootstrap_i            if the episode ends here without terminating (truncated or cut by the buffer)
 *         = V_{i+1}                otherwise (the episode goes on)
 * delta_i = r_i + gamma next_i - V_i
 * A_i     = delta_i + gamma lambda A_{i+1}, with A_{i+1} = 0 when the episode ends at i
 * R_i     = A_i + V_i              (the value target)
 * </pre>
 * so no advantage and no value ever crosses an episode boundary.
 */
public final class Gae {
    private Gae() {}

    /** Advantages and value targets, one per transition. */
    public record Result(double[] advantages, double[] returns) {
        public Result {
            Objects.requireNonNull(advantages, "advantages");
            Objects.requireNonNull(returns, "returns");
        }
    }

    /**
     * Computes GAE.
     *
     * @param rewards r_i
     * @param values V_i, the critic's value of the observation transition i answered
     * @param bootstrap the value to bootstrap from where an episode ends without terminating (ignored elsewhere)
     * @param terminated whether transition i ended its episode for good
     * @param episodeEnd whether transition i is the last of its episode in the buffer (terminated, truncated or cut)
     * @throws IllegalArgumentException when lengths differ, a terminated transition does not end its episode, or
     *     the last transition does not end one
     */
    public static Result compute(double[] rewards, double[] values, double[] bootstrap, boolean[] terminated,
            boolean[] episodeEnd, double gamma, double lambda) {
        int n = rewards.length;
        if (values.length != n || bootstrap.length != n || terminated.length != n || episodeEnd.length != n) {
            throw new IllegalArgumentException("GAE inputs differ in length: rewards " + n + ", values "
                    + values.length + ", bootstrap " + bootstrap.length + ", terminated " + terminated.length
                    + ", episodeEnd " + episodeEnd.length);
        }
        if (n > 0 && !episodeEnd[n - 1]) {
            throw new IllegalArgumentException("the last transition must end its episode (cut episodes count as "
                    + "truncated), but episodeEnd[" + (n - 1) + "] is false");
        }
        double[] adv = new double[n];
        double[] ret = new double[n];
        double next = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (terminated[i] && !episodeEnd[i]) {
                throw new IllegalArgumentException("transition " + i + " is terminated but does not end its episode");
            }
            double nextValue;
            double carried;
            if (episodeEnd[i]) {
                nextValue = terminated[i] ? 0 : bootstrap[i];
                carried = 0;
            } else {
                nextValue = values[i + 1];
                carried = next;
            }
            double delta = rewards[i] + gamma * nextValue - values[i];
            adv[i] = delta + gamma * lambda * carried;
            ret[i] = adv[i] + values[i];
            next = adv[i];
        }
        return new Result(adv, ret);
    }
}
