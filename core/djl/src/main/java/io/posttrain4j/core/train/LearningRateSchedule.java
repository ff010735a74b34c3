package io.posttrain4j.core.train;

/**
 * Linear warmup to {@code peak}, then cosine decay to {@code floor} at {@code totalSteps} (the study's SFT and
 * PPO schedules). Steps count from 0; the rate at step 0 is {@code peak / warmupSteps} when warming up.
 */
public record LearningRateSchedule(double peak, double floor, int warmupSteps, int totalSteps) {
    public LearningRateSchedule {
        if (!(peak > 0) || !(floor >= 0) || floor > peak) {
            throw new IllegalArgumentException("need 0 <= floor <= peak and peak > 0, got peak " + peak + ", floor " + floor);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException(
                    "need 0 <= warmupSteps <= totalSteps and totalSteps >= 1, got " + warmupSteps + ", " + totalSteps);
        }
    }

    /** A constant rate. */
    public static LearningRateSchedule constant(double lr, int totalSteps) {
        return new LearningRateSchedule(lr, lr, 0, totalSteps);
    }

    /** Warmup over {@code warmupFraction} of the steps (the study: 3%), then cosine to {@code floor}. */
    public static LearningRateSchedule warmupCosine(double peak, double floor, double warmupFraction, int totalSteps) {
        if (!(warmupFraction >= 0 && warmupFraction <= 1)) {
            throw new IllegalArgumentException("warmupFraction must be in [0, 1], got " + warmupFraction);
        }
        return new LearningRateSchedule(peak, floor, (int) Math.round(warmupFraction * totalSteps), totalSteps);
    }

    /** The rate for optimizer step {@code step} (0-based); past the end it stays at {@code floor}. */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decaySteps = totalSteps - warmupSteps;
        if (decaySteps <= 0 || step >= totalSteps) {
            return decaySteps <= 0 ? peak : floor;
        }
        double progress = (double) (step - warmupSteps) / decaySteps;
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
