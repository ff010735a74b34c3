package io.posttrain4j.sft;

import java.nio.file.Path;
import java.util.Map;

import io.posttrain4j.core.rollout.EvalResult;

/**
 * What an SFT run did.
 *
 * @param steps optimizer steps completed (counting skipped ones), resumed steps included
 * @param completed whether the run reached its configured steps (false when stopped by {@code stopAfterSteps})
 * @param tokens training tokens processed (prompt + response, no padding), cumulative over the run
 * @param flops training compute 6 N tokens, cumulative
 * @param skippedSteps steps whose update was skipped for a non-finite loss or gradient norm
 * @param lastLoss the loss of the last step (token mean over its batch)
 * @param lastEval the last evaluation by variant (empty when none ran)
 * @param lastCheckpoint the last checkpoint written, or null
 * @param seconds wall-clock seconds this invocation spent training (evaluation and checkpoints excluded)
 * @param tokensPerSecond training throughput of this invocation
 */
public record SftResult(
        long steps,
        boolean completed,
        long tokens,
        double flops,
        long skippedSteps,
        double lastLoss,
        Map<String, EvalResult> lastEval,
        Path lastCheckpoint,
        double seconds,
        double tokensPerSecond) {
    public SftResult {
        lastEval = Map.copyOf(lastEval);
    }
}
