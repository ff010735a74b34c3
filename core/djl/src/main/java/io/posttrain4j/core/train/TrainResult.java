package io.posttrain4j.core.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.posttrain4j.core.rollout.EvalResult;

/**
 * What a run of a trainer ({@code SftTrainer}, {@code PretrainTrainer}, {@code PpoTrainer}) did, returned by its
 * {@code train()}.
 *
 * @param kind the run's kind, as in its {@code run.json} and checkpoints: {@code sft}, {@code pretrain},
 *     {@code ppo} or {@code grpo}
 * @param steps optimizer steps (SFT, pretraining) or updates (PPO, GRPO) completed, resumed ones included
 * @param completed whether the run reached its configured length (false when stopped early)
 * @param tokens training tokens processed (prompt + response, no padding), cumulative over the run
 * @param flops training compute, cumulative (SFT: 6 N tokens; RL adds the rollouts, see {@link Flops})
 * @param skippedSteps optimizer steps skipped for a non-finite or spiking loss or gradient norm
 * @param lastMetrics the last metrics record written (without evaluation keys when the last step had none)
 * @param lastEval the last evaluation by variant (empty when none ran)
 * @param lastCheckpoint the last checkpoint written, or null
 * @param seconds wall-clock seconds this invocation spent training (evaluation and checkpoints excluded)
 */
public record TrainResult(
        String kind,
        long steps,
        boolean completed,
        long tokens,
        double flops,
        long skippedSteps,
        Map<String, Object> lastMetrics,
        Map<String, EvalResult> lastEval,
        Path lastCheckpoint,
        double seconds) {
    public TrainResult {
        lastMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(lastMetrics)); // in the metrics file's order
        lastEval = Collections.unmodifiableMap(new LinkedHashMap<>(lastEval)); // in the evaluated variants' order
    }

    /** A number of {@link #lastMetrics()}, or NaN when it is absent (e.g. {@code metric("loss")}). */
    public double metric(String name) {
        return lastMetrics.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Training tokens per second of this invocation. */
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
