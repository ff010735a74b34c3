package io.posttrain4j.core.env;

/**
 * A count of hits out of a total, the unit of every success metric. Tallies add up across episodes before
 * the rate is taken, so per-step accuracy weighs every verifier call equally.
 */
public record Tally(double hits, double total) {
    public static final Tally ZERO = new Tally(0, 0);

    public Tally {
        if (!(hits >= 0) || !(total >= hits)) {
            throw new IllegalArgumentException("need 0 <= hits <= total, got " + hits + "/" + total);
        }
    }

    /** One trial that hit or missed. */
    public static Tally of(boolean hit) {
        return new Tally(hit ? 1 : 0, 1);
    }

    public Tally plus(Tally other) {
        return new Tally(hits + other.hits, total + other.total);
    }

    /** hits / total, or NaN when nothing was counted. */
    public double rate() {
        return total == 0 ? Double.NaN : hits / total;
    }

    /** The binomial standard error sqrt(p(1-p)/n) used for the study's error bars. */
    public double standardError() {
        double p = rate();
        return total == 0 ? Double.NaN : Math.sqrt(p * (1 - p) / total);
    }
}
