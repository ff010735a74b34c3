package io.posttrain4j.reproduce;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The budget of one task of the reproduction: an SFT run (from scratch or from the task's base) whose checkpoint at
 * {@code initStep} is the shared init, the rest of that run as the SFT arm (or, with {@code initLearningRate}, an
 * init run of its own and the SFT arm continuing it), and RL arms (one per verification-step count) from the init.
 *
 * @param name the task's short name, e.g. {@code gp-l}
 * @param trainVariant the in-distribution variant trained on, e.g. {@code gp-l}
 * @param envOptions environment options for training (e.g. {@code prompt=compact})
 * @param evalOptions options added for evaluation (the study evaluates one attempt: {@code verifyIter=1})
 * @param preset the policy preset trained from scratch
 * @param maxPositions the policy's context length; 0 = the preset's (long revision conversations need more)
 * @param bpeVocabulary BPE vocabulary size of the tokenizer built from the data; 0 = byte tokens
 * @param examples expert episodes in the SFT data
 * @param sftSteps optimizer steps of the whole SFT run (init + SFT arm)
 * @param initStep the step whose checkpoint is the init of both arms
 * @param sftBatch examples per SFT step
 * @param sftLearningRate peak SFT learning rate (warmup + cosine over {@code sftSteps})
 * @param sftEvalEvery SFT steps between evaluated checkpoints
 * @param rlVerifySteps one RL arm per entry: the verification steps (attempts) per episode in RL training; the
 *     first is the main RL arm, named {@code rl}, the others {@code rl-v<k>}
 * @param rlUpdates PPO updates per RL arm
 * @param rlTransitions transitions per PPO update (whole episodes until the buffer holds at least this many)
 * @param rlEnvs environments stepped together in RL rollouts (few for long episodes: every started episode is
 *     finished, so a buffer overshoots by up to {@code rlEnvs} episodes)
 * @param rlLearningRate peak PPO learning rate
 * @param rlEvalEvery PPO updates between evaluated checkpoints
 * @param evalEpisodes episodes per evaluated variant
 * @param initLearningRate NaN: the init is step {@code initStep} of the one SFT run (warmup + cosine over
 *     {@code sftSteps} at {@code sftLearningRate}); a rate: the init is a run of its own ({@code initStep} steps at
 *     this peak rate, folder {@code init/}) and the SFT arm continues from it ({@code sftSteps - initStep} steps at
 *     {@code sftLearningRate}), so that a gentle init and an SFT arm at the usual rate can share a plan
 * @param ablationAtEqualCompute whether the RL arms after the first (the verification-scaling ablation) stop at the
 *     main arm's RL compute ({@code PpoConfig.maxGflops}) instead of running its {@code rlUpdates}: an update with
 *     more verification steps trains on longer conversations, so at equal updates those arms would spend several
 *     times the compute
 * @param microBatch examples per forward/backward pass in SFT and PPO (gradients accumulate to the step's batch);
 *     0 = the defaults: SFT the whole batch, PPO 32. Long, uneven conversations (V-IRL's routes) pad less in small
 *     micro-batches
 */
public record TaskPlan(
        String name,
        String trainVariant,
        Map<String, String> envOptions,
        Map<String, String> evalOptions,
        String preset,
        int maxPositions,
        int bpeVocabulary,
        int examples,
        int sftSteps,
        int initStep,
        int sftBatch,
        double sftLearningRate,
        int sftEvalEvery,
        List<Integer> rlVerifySteps,
        int rlUpdates,
        int rlTransitions,
        int rlEnvs,
        double rlLearningRate,
        int rlEvalEvery,
        int evalEpisodes,
        double initLearningRate,
        boolean ablationAtEqualCompute,
        int microBatch) {
    /** A plan whose init is a checkpoint of the one SFT run ({@code initLearningRate} NaN). */
    public TaskPlan(String name, String trainVariant, Map<String, String> envOptions, Map<String, String> evalOptions,
            String preset, int maxPositions, int bpeVocabulary, int examples, int sftSteps, int initStep, int sftBatch,
            double sftLearningRate, int sftEvalEvery, List<Integer> rlVerifySteps, int rlUpdates, int rlTransitions,
            int rlEnvs, double rlLearningRate, int rlEvalEvery, int evalEpisodes) {
        this(name, trainVariant, envOptions, evalOptions, preset, maxPositions, bpeVocabulary, examples, sftSteps,
                initStep, sftBatch, sftLearningRate, sftEvalEvery, rlVerifySteps, rlUpdates, rlTransitions, rlEnvs,
                rlLearningRate, rlEvalEvery, evalEpisodes, Double.NaN);
    }

    /** A plan whose ablation arms, if any, run the main arm's updates ({@code ablationAtEqualCompute} false). */
    public TaskPlan(String name, String trainVariant, Map<String, String> envOptions, Map<String, String> evalOptions,
            String preset, int maxPositions, int bpeVocabulary, int examples, int sftSteps, int initStep, int sftBatch,
            double sftLearningRate, int sftEvalEvery, List<Integer> rlVerifySteps, int rlUpdates, int rlTransitions,
            int rlEnvs, double rlLearningRate, int rlEvalEvery, int evalEpisodes, double initLearningRate) {
        this(name, trainVariant, envOptions, evalOptions, preset, maxPositions, bpeVocabulary, examples, sftSteps,
                initStep, sftBatch, sftLearningRate, sftEvalEvery, rlVerifySteps, rlUpdates, rlTransitions, rlEnvs,
                rlLearningRate, rlEvalEvery, evalEpisodes, initLearningRate, false, 0);
    }

    public TaskPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(trainVariant, "trainVariant");
        envOptions = Map.copyOf(envOptions);
        evalOptions = Map.copyOf(evalOptions);
        Objects.requireNonNull(preset, "preset");
        rlVerifySteps = List.copyOf(rlVerifySteps);
        if (rlVerifySteps.isEmpty() || rlVerifySteps.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("rlVerifySteps needs at least one count >= 1, got " + rlVerifySteps);
        }
        if (maxPositions < 0) {
            throw new IllegalArgumentException("maxPositions must be >= 0 (0 = the preset's), got " + maxPositions);
        }
        if (initStep < 1 || initStep >= sftSteps) {
            throw new IllegalArgumentException("need 1 <= initStep < sftSteps, got " + initStep + " and " + sftSteps);
        }
        if (sftEvalEvery < 1 || initStep % sftEvalEvery != 0) {
            throw new IllegalArgumentException(
                    "sftEvalEvery must divide initStep (the init must be an evaluated checkpoint), got " + sftEvalEvery
                            + " and " + initStep);
        }
        if (!Double.isNaN(initLearningRate) && !(initLearningRate > 0 && initLearningRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initLearningRate must be NaN (one SFT run) or > 0, got " + initLearningRate);
        }
        if (microBatch < 0) {
            throw new IllegalArgumentException("microBatch must be >= 0 (0 = the defaults), got " + microBatch);
        }
        if (examples < 1 || sftBatch < 1 || rlUpdates < 1 || rlTransitions < 1 || rlEnvs < 1 || rlEvalEvery < 1
                || evalEpisodes < 1) {
            throw new IllegalArgumentException("examples, sftBatch, rlUpdates, rlTransitions, rlEnvs, rlEvalEvery and "
                    + "evalEpisodes must be >= 1 in task " + name);
        }
    }

    /** This plan with other RL arms and checkpoint interval, at equal compute or not (see the components). */
    public TaskPlan withRlArms(List<Integer> verifySteps, int evalEvery, boolean atEqualCompute) {
        return new TaskPlan(name, trainVariant, envOptions, evalOptions, preset, maxPositions, bpeVocabulary, examples,
                sftSteps, initStep, sftBatch, sftLearningRate, sftEvalEvery, verifySteps, rlUpdates, rlTransitions,
                rlEnvs, rlLearningRate, evalEvery, evalEpisodes, initLearningRate, atEqualCompute, microBatch);
    }

    /** This plan with another micro-batch (see the component). */
    public TaskPlan withMicroBatch(int perPass) {
        return new TaskPlan(name, trainVariant, envOptions, evalOptions, preset, maxPositions, bpeVocabulary, examples,
                sftSteps, initStep, sftBatch, sftLearningRate, sftEvalEvery, rlVerifySteps, rlUpdates, rlTransitions,
                rlEnvs, rlLearningRate, rlEvalEvery, evalEpisodes, initLearningRate, ablationAtEqualCompute, perPass);
    }

    /** Whether the init is a run of its own (see {@code initLearningRate}). */
    public boolean separateInit() {
        return !Double.isNaN(initLearningRate);
    }

    /** The verification steps of the main RL arm, {@code rl}: the first of {@code rlVerifySteps}. */
    public int mainVerifySteps() {
        return rlVerifySteps.get(0);
    }

    /** The arm name of the RL run with {@code verifySteps} attempts. */
    public String rlArm(int verifySteps) {
        return verifySteps == mainVerifySteps() ? "rl" : "rl-v" + verifySteps;
    }

    /** The micro-batch of this task's training passes, or {@code fallback} when the plan leaves it to the default. */
    public int microBatchOr(int fallback) {
        return microBatch > 0 ? microBatch : fallback;
    }
}
