package io.posttrain4j.sft;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.train.TrainResult;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * Pretraining of a base model on a {@link Corpus}: the SFT trainer's loop, run folder, metrics, checkpoints and
 * exact resume, reading the corpus in order instead of a dataset in epochs (step {@code s} trains on documents
 * {@code s * batchSize} to {@code (s + 1) * batchSize - 1}), with kind {@code pretrain} in {@code run.json} and
 * in checkpoints (an SFT run folder is not resumed as a pretraining run, nor the reverse).
 *
 * <p>Loss: every document is a question and an answer, and only the answer's tokens carry loss (a token mean
 * over the batch), so the model learns to answer from what the question states (the rule, the cards) rather than
 * to predict the questions, which are random draws. Probes (held-out question sets, exact match) and environment
 * variants are evaluated at {@code evalEvery}, as in SFT. Not thread-safe; one run per process.
 */
public final class PretrainTrainer implements AutoCloseable {
    /** The kind written to {@code run.json} and checkpoints. */
    public static final String KIND = "pretrain";

    private final SftTrainer trainer;

    /**
     * @param config the loop's settings (steps, batch, schedule, evaluation, checkpoints, run folder); its {@code
     *     seed} does not reorder the corpus, whose own seed decides the documents
     * @param probes scored at every evaluation; may be empty
     * @param environments where {@code config.evalVariants()} are resolved; may be null when there are none
     */
    public PretrainTrainer(SftConfig config, TrainablePolicy policy, Corpus corpus, List<Probe> probes,
            Environments environments) {
        this.trainer = new SftTrainer(KIND, config, policy, new CorpusData(Objects.requireNonNull(corpus, "corpus")),
                probes, environments);
    }

    public SftConfig config() {
        return trainer.config();
    }

    /**
     * Continues the run in the run folder from its newest checkpoint, if any, once it is found to belong to this
     * run (corpus, its options and seed, policy, settings); see {@link SftTrainer#resume()}.
     *
     * @return whether a checkpoint was found
     */
    public boolean resume() throws IOException {
        return trainer.resume();
    }

    /**
     * Trains until {@code config.steps()} (or {@code stopAfterSteps}), from the checkpoint {@link #resume()} found
     * or from the start.
     *
     * @throws IllegalStateException when not resuming in a run folder that already holds a run
     */
    public TrainResult train() throws IOException {
        return trainer.train();
    }

    @Override
    public void close() {
        trainer.close();
    }
}
