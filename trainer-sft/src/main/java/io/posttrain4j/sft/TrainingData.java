package io.posttrain4j.sft;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.sft.data.SftExample;

/**
 * Where the examples of each optimizer step come from: a fixed dataset read in epochs, or an endless corpus read
 * in order. Batches are a pure function of {@code (epoch, position)}, which a checkpoint stores.
 */
interface TrainingData {
    /** The examples of the batch starting at {@code (epoch, position)}, tokenised, and where the next starts. */
    Batch take(TrainablePolicy policy, long epoch, long position, int count);

    /** What identifies the data in the run's configuration (a resume with other data is refused). */
    Map<String, Object> describe();

    /** A batch: its examples, their response tokens and total lengths, and the position after it. */
    record Batch(List<SftExample> examples, List<int[]> responses, int[] lengths, long epoch, long position) {}
}
