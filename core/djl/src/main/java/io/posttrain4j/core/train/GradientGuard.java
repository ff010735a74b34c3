package io.posttrain4j.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether an optimizer step may use its gradients: not when the loss or the gradient norm is not finite,
 * and not when the norm is far above its running scale (a spike). A step it refuses is meant to be skipped (the
 * gradients zeroed, the weights left as they are) and counted in the metrics.
 *
 * <p>The running scale is an exponential moving average of {@code log(norm)} over accepted steps (a geometric
 * mean, so one large step does not drag it up), decay {@value #DECAY}. Spikes are judged only after
 * {@value #WARMUP} accepted steps, and a norm is a spike when it exceeds {@value #FACTOR} times the scale: far
 * above what training produces on its own (norms move by a few times between steps), but what a corrupted
 * backward pass gives (norms of 1e2 to 1e31 against a scale of ~1). The
 * scale is part of a checkpoint's trainer state ({@link #state()}), so a resumed run judges exactly as an
 * uninterrupted one.
 */
public final class GradientGuard {
    /** How many times its running scale a norm may reach. */
    public static final double FACTOR = 50;
    /** Accepted steps before spikes are judged. */
    public static final int WARMUP = 20;
    /** Weight of the old scale in each update of the moving average. */
    public static final double DECAY = 0.95;

    /** What to do with a step. */
    public enum Verdict {
        /** Use the gradients. */
        ACCEPT,
        /** Skip: the loss or the norm is NaN or infinite. */
        NON_FINITE,
        /** Skip: the norm is more than {@link #FACTOR} times the running scale. */
        SPIKE
    }

    private double logScale;
    private long accepted;
    private long spikes;

    /** Judges a step and, when it is accepted, moves the running scale towards its norm. */
    public Verdict check(double loss, double norm) {
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            return Verdict.NON_FINITE;
        }
        double logNorm = Math.log(Math.max(norm, 1e-30));
        if (accepted >= WARMUP && logNorm > logScale + Math.log(FACTOR)) {
            spikes++;
            return Verdict.SPIKE;
        }
        logScale = accepted == 0 ? logNorm : DECAY * logScale + (1 - DECAY) * logNorm;
        accepted++;
        return Verdict.ACCEPT;
    }

    /** The running scale of accepted norms (0 before the first). */
    public double scale() {
        return accepted == 0 ? 0 : Math.exp(logScale);
    }

    /** Steps refused as spikes so far. */
    public long spikes() {
        return spikes;
    }

    /** Why a refused step was refused, for a log line. */
    public String explain(Verdict verdict, double loss, double norm) {
        return switch (verdict) {
            case ACCEPT -> "accepted";
            case NON_FINITE -> "loss " + loss + ", gradient norm " + norm + " (not finite)";
            case SPIKE -> String.format("gradient norm %.4g is more than %.0f times its running scale %.4g",
                    norm, FACTOR, scale());
        };
    }

    /** The state a checkpoint keeps: {@code grad_log_scale}, {@code grad_accepted}, {@code grad_spikes}. */
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grad_log_scale", logScale);
        m.put("grad_accepted", accepted);
        m.put("grad_spikes", spikes);
        return m;
    }

    /** Restores a {@link #state()} read back from a checkpoint (absent keys: a fresh guard). */
    public void restore(TrainingCheckpoint.State s) {
        logScale = s.doubleMetric("grad_log_scale", 0);
        accepted = s.longMetric("grad_accepted", 0);
        spikes = s.longMetric("grad_spikes", 0);
    }
}
