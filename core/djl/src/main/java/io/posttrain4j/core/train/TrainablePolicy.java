package io.posttrain4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;

/**
 * A policy whose parameters a trainer can update: differentiable scoring of responses, a value head,
 * parameters, checkpoints.
 *
 * <p>Threading: scoring records an autograd graph on the calling thread; trainers call it inside a
 * {@code GradientCollector}. Arrays returned by {@link #score} belong to the given manager.
 */
public interface TrainablePolicy extends Policy {
    /**
     * {@code policy} as a trainable policy, for a trainer given what a {@code PolicyProvider}
     * built.
     *
     * @throws IllegalArgumentException naming the policy when it cannot be trained
     */
    static TrainablePolicy of(Policy policy) {
        if (policy instanceof TrainablePolicy t) {
            return t;
        }
        throw new IllegalArgumentException("policy " + policy.name() + " cannot be trained: it is a "
                + policy.getClass().getName() + ", not a TrainablePolicy");
    }

    /** The response token ids of {@code text} as the policy would emit them, end-of-turn token appended. */
    int[] encodeResponse(String text);

    /** Tokens in the prompt of {@code observation} (image tokens included). */
    int promptTokens(Observation observation);

    /**
     * Scores responses to observations in one padded batch.
     *
     * @param responses token ids per observation, e.g. {@link Generation#tokens()} or {@link #encodeResponse}
     */
    Scores score(NDManager manager, List<Observation> observations, List<int[]> responses, ScoreOptions options);

    /** Trainable parameters by checkpoint name (Hugging Face names), gradients attached, in a fixed order. */
    Map<String, NDArray> parameters();

    /**
     * The names (keys of {@link #parameters()}) of the parameters that only the value head uses: a trainer may give
     * them their own learning rate (a critic starting from scratch on top of a trained policy needs a larger one).
     * Empty by default: every parameter is then trained alike.
     */
    default Set<String> valueHeadParameters() {
        return Set.of();
    }

    /** Number of trainable parameters (N in the FLOPs formulas; the value head included). */
    long parameterCount();

    /** A frozen copy with the same weights (for a KL reference); it has no gradients attached. */
    TrainablePolicy frozenCopy();

    /** Writes config and weights to {@code dir} atomically (the folder appears complete or not at all). */
    void save(Path dir) throws IOException;

    /** Copies the weights of a checkpoint folder written by {@link #save} into this policy, in place. */
    void loadWeights(Path dir) throws IOException;

    /**
     * Checks, without loading anything, that {@link #loadWeights} of {@code dir} would fit this policy (a trainer's
     * resume asks before it changes anything). Nothing by default.
     *
     * @throws IllegalStateException naming what differs (e.g. another LoRA adapter than the run's)
     */
    default void checkWeights(Path dir) throws IOException {}

    /**
     * Opens optimisation step {@code step} of a run seeded {@code seed}, around the step's forward and backward
     * passes: until it is closed, a policy with random training passes (LoRA dropout) applies that randomness in
     * passes with gradients on, drawn from the pair, so a resumed run repeats it. Outside such a scope no pass is
     * random (PPO's optimisation does not open one: as in TRL, its ratio to the rollout policy starts at 1).
     * Nothing by default.
     */
    default TrainingStep trainingStep(long seed, long step) {
        return () -> {};
    }

    /** The scope of one optimisation step's random training passes; closing it turns them off. */
    @FunctionalInterface
    interface TrainingStep extends AutoCloseable {
        @Override
        void close();
    }
}
