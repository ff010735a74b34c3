package io.posttrain4j.ppo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.env.Tally;

/**
 * What one update's rollout collected.
 *
 * @param samples the buffer, each stream's transitions contiguous and in order
 * @param episodes episodes that finished (terminated or truncated by the environment) during the rollout
 * @param successes of those, how many ended in success
 * @param returnSum summed undiscounted returns of the finished episodes
 * @param lengthSum summed lengths (transitions) of the finished episodes
 * @param tallies the environments' episode metrics summed over the finished episodes
 * @param generatedTokens tokens generated
 * @param promptTokens prompt tokens read by generation
 * @param seconds wall-clock time of the rollout
 */
public record Rollout(List<Sample> samples, int episodes, int successes, double returnSum, long lengthSum,
        Map<String, Tally> tallies, long generatedTokens, long promptTokens, double seconds) {
    public Rollout {
        samples = List.copyOf(samples);
        tallies = Map.copyOf(Objects.requireNonNull(tallies, "tallies"));
    }

    /** Success rate of the finished episodes (NaN when none finished). */
    public double successRate() {
        return episodes == 0 ? Double.NaN : (double) successes / episodes;
    }

    /** Mean return of the finished episodes. */
    public double meanReturn() {
        return episodes == 0 ? Double.NaN : returnSum / episodes;
    }

    /** Mean length of the finished episodes. */
    public double meanLength() {
        return episodes == 0 ? Double.NaN : (double) lengthSum / episodes;
    }
}
