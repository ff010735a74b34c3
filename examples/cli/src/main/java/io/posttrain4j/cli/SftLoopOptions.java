package io.posttrain4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Option;

import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.sft.SftConfig;

/**
 * picocli mixin of the options that {@code sft} and {@code pretrain} share: the optimizer step (batch,
 * accumulation, AdamW, clipping), checkpoints and what to do with an earlier run in the folder. The options whose
 * defaults differ between the two (steps, cosine floor, evaluation) stay in the commands.
 */
final class SftLoopOptions {
    @Setting("batchSize")
    @Option(names = "--batch", defaultValue = "64", paramLabel = "<n>",
            description = "Examples (documents) per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Setting("microBatchSize")
    @Option(names = "--micro-batch", paramLabel = "<n>", description = "Examples per forward pass (default: --batch).")
    Integer microBatch;

    @Setting("learningRate")
    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "<x>", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Setting("warmupFraction")
    @Option(names = "--warmup", defaultValue = "0.03", paramLabel = "<f>", description = "Warmup fraction (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Setting("weightDecay")
    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "<x>", description = "AdamW decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Setting("maxGradNorm")
    @Option(names = "--max-grad-norm", defaultValue = "1.0", paramLabel = "<x>",
            description = "Global-norm clip, 0 = off (default: ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Setting("checkpointEvery")
    @Option(names = "--checkpoint-every", paramLabel = "<n>",
            description = "Checkpoint every n steps and at the end (default: --eval-every).")
    Integer checkpointEvery;

    @Setting("keepCheckpoints")
    @Option(names = "--keep-checkpoints", defaultValue = "0", paramLabel = "<n>",
            description = "Keep only the newest n checkpoints; 0 = all (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints;

    @Option(names = "--resume", description = "Continue from the latest complete checkpoint in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Delete the earlier run in --out (checkpoints, metrics, run.json, "
            + "tokenizer) before starting a new one.")
    boolean overwrite;

    /** The closing lines of an SFT or pretraining run: where it stopped, its last loss, cost and checkpoint. */
    static void printResult(PrintWriter w, TrainResult result) {
        w.printf(Locale.ROOT, "%s at step %d: loss %.4f, %d tokens, %.3g GFLOPs, %d skipped steps, "
                + "%.0f tokens/s over %.0f s of training%n", result.completed() ? "finished" : "stopped",
                result.steps(), result.metric("loss"), result.tokens(), result.flops() / 1e9, result.skippedSteps(),
                result.tokensPerSecond(), result.seconds());
    }

    /** The settings the sft and pretrain commands own: the run folder is --out. */
    static final Map<String, String> RESERVED = Map.of("runDir", "--out");

    /** The settings {@link #applyTo} derives from other options (see {@link ConfigOptions#applyUnderFlags}). */
    static final Map<String, List<String>> DERIVED = Map.of("microBatchSize", List.of("--batch"),
            "checkpointEvery", List.of("--eval-every"));

    /** {@link #DERIVED} and {@code more}. */
    static Map<String, List<String>> derived(Map<String, List<String>> more) {
        Map<String, List<String>> all = new LinkedHashMap<>(DERIVED);
        all.putAll(more);
        return all;
    }

    /** These settings on {@code builder}; checkpoints default to every {@code evalEvery} steps. */
    SftConfig.Builder applyTo(SftConfig.Builder builder, int evalEvery) {
        return builder.learningRate(lr).batchSize(batch).microBatchSize(microBatch == null ? batch : microBatch)
                .warmupFraction(warmup).weightDecay(weightDecay).maxGradNorm(maxGradNorm)
                .checkpointEvery(checkpointEvery != null ? checkpointEvery : evalEvery)
                .keepCheckpoints(keepCheckpoints);
    }
}
