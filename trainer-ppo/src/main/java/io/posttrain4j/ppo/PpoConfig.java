package io.posttrain4j.ppo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.spi.Names;

/**
 * Everything that decides a PPO or GRPO run, validated on construction. Start from a named preset
 * ({@link #study()}, {@link #defaults()}, {@link #preset(String)}) and change fields with {@link #toBuilder()}.
 *
 * <p>Names follow CleanRL ({@code clipCoef}, {@code vfCoef}, {@code entCoef}, {@code gaeLambda},
 * {@code maxGradNorm}, {@code targetKl}).
 *
 * @param algorithm PPO (critic, GAE) or GRPO (group-normalised returns, no critic)
 * @param environment the environment name as {@link io.posttrain4j.core.env.Environments#resolve} accepts it;
 *     empty in the presets (a trainer refuses a config without one)
 * @param environmentOptions option overrides for every training and evaluation environment
 * @param verifySteps verification (revision) steps passed to the environment as {@code verifyOption}; -1 keeps the
 *     environment's default
 * @param verifyOption the environment option that takes {@code verifySteps} (GeneralPoints, V-IRL:
 *     {@code verifyIter})
 * @param seed root of every seed of the run (rollouts, minibatch order)
 * @param updates PPO updates (rollout + optimisation) in the run
 * @param transitions PPO: transitions (generations) per update, split evenly over {@code numEnvs}; GRPO: groups
 *     per update times {@code groupSize} (whole episodes are kept, so a GRPO buffer holds at least this many)
 * @param numEnvs environments stepped in lockstep: the generation batch size
 * @param rolloutUnit PPO: fixed steps per environment with cut episodes (the study's) or whole episodes
 * @param maxTurns a safety bound on generations per episode
 * @param temperature sampling and scoring temperature (the study: 0.2)
 * @param maxNewTokens the most tokens per generation
 * @param answerKey response text before its first occurrence is "thought" (study: {@code formula}); null = none
 * @param thoughtWeight the log-prob weight of thought tokens (study: 0.5)
 * @param gamma discount per turn
 * @param gaeLambda GAE lambda
 * @param truncationBootstrap what a truncated transition bootstraps from
 * @param normalizeAdvantages PPO: normalise advantages to mean 0, std 1 over the buffer
 * @param clipCoef ratio clip epsilon
 * @param valueClipCoef value clip around the old value; 0 = unclipped value loss
 * @param vfCoef value-loss coefficient
 * @param entCoef entropy-bonus coefficient
 * @param epochs passes over the buffer per update
 * @param minibatches optimizer steps per epoch (the buffer is split evenly)
 * @param microBatch transitions per forward/backward pass; gradients accumulate over a minibatch
 * @param maxGradNorm global gradient-norm clip
 * @param targetKl stop an update's remaining epochs when the approx KL of an epoch exceeds it; 0 = off
 * @param learningRate the rate at the first update
 * @param minLearningRate the rate the cosine schedule (one step per update) reaches at the last update
 * @param valueLearningRate PPO: the rate of the value-head-only parameters
 *     ({@link io.posttrain4j.core.train.TrainablePolicy#valueHeadParameters()}) at the first update, following the
 *     same schedule; 0 = {@code learningRate}. A value head starts from scratch on an SFT policy: at a policy's
 *     small rate it cannot even learn the mean return within a run
 * @param adamBeta1 AdamW beta1
 * @param adamBeta2 AdamW beta2
 * @param adamEps AdamW epsilon
 * @param weightDecay AdamW decoupled weight decay
 * @param klCoef coefficient of the KL penalty to a frozen copy of the initial policy; 0 = no reference model
 * @param klEstimator per-token KL estimator
 * @param klPlacement in the reward or in the loss
 * @param groupSize GRPO: episodes per group (same environment seed, different sampling seeds)
 * @param evalEvery evaluate every this many updates (and before the first and after the last); 0 = never
 * @param evalEpisodes episodes per evaluated variant
 * @param evalVariants variants to evaluate (names as for {@code environment}); empty = the training environment
 * @param evalSeed root seed of the evaluation episodes (fixed, so evaluations compare)
 * @param evalBatch environments stepped together during evaluation
 * @param checkpointEvery write a checkpoint every this many updates (and after the last); 0 = only at the end
 * @param keepCheckpoints checkpoints kept on disk (older ones are pruned)
 * @param maxGflops a compute budget: the run ends after the first update whose cumulative RL compute
 *     ({@code Flops.rl}, the {@code flops} of the metrics) reaches this many GFLOPs, even before {@code updates}
 *     (the learning-rate schedule still spans {@code updates}); 0 = no budget. Runs with different step costs
 *     (e.g. more verification steps) compare at equal compute this way.
 */
public record PpoConfig(
        Algorithm algorithm,
        String environment,
        Map<String, String> environmentOptions,
        int verifySteps,
        String verifyOption,
        long seed,
        int updates,
        int transitions,
        int numEnvs,
        RolloutUnit rolloutUnit,
        int maxTurns,
        double temperature,
        int maxNewTokens,
        String answerKey,
        double thoughtWeight,
        double gamma,
        double gaeLambda,
        TruncationBootstrap truncationBootstrap,
        boolean normalizeAdvantages,
        double clipCoef,
        double valueClipCoef,
        double vfCoef,
        double entCoef,
        int epochs,
        int minibatches,
        int microBatch,
        double maxGradNorm,
        double targetKl,
        double learningRate,
        double minLearningRate,
        double valueLearningRate,
        double adamBeta1,
        double adamBeta2,
        double adamEps,
        double weightDecay,
        double klCoef,
        KlEstimator klEstimator,
        KlPlacement klPlacement,
        int groupSize,
        int evalEvery,
        int evalEpisodes,
        List<String> evalVariants,
        long evalSeed,
        int evalBatch,
        int checkpointEvery,
        int keepCheckpoints,
        double maxGflops) {

    /** The names {@link #preset(String)} accepts. */
    public static final List<String> PRESETS = List.of("study", "default");

    public PpoConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(environment, "environment");
        if (!environment.isEmpty() && environment.isBlank()) {
            throw new IllegalArgumentException("environment must name an environment, got '" + environment + "'");
        }
        // sorted, so that run.json and checkpoints list the options in the same order in every JVM
        environmentOptions = java.util.Collections.unmodifiableMap(
                new java.util.TreeMap<>(Objects.requireNonNull(environmentOptions, "environmentOptions")));
        Objects.requireNonNull(verifyOption, "verifyOption");
        Objects.requireNonNull(rolloutUnit, "rolloutUnit");
        Objects.requireNonNull(truncationBootstrap, "truncationBootstrap");
        Objects.requireNonNull(klEstimator, "klEstimator");
        Objects.requireNonNull(klPlacement, "klPlacement");
        evalVariants = List.copyOf(Objects.requireNonNull(evalVariants, "evalVariants"));
        atLeast("verifySteps", verifySteps, -1);
        atLeast("updates", updates, 1);
        atLeast("transitions", transitions, 1);
        atLeast("numEnvs", numEnvs, 1);
        atLeast("maxTurns", maxTurns, 1);
        atLeast("maxNewTokens", maxNewTokens, 1);
        atLeast("epochs", epochs, 1);
        atLeast("minibatches", minibatches, 1);
        atLeast("microBatch", microBatch, 1);
        atLeast("groupSize", groupSize, 1);
        atLeast("evalEvery", evalEvery, 0);
        atLeast("evalEpisodes", evalEpisodes, 1);
        atLeast("evalBatch", evalBatch, 1);
        atLeast("checkpointEvery", checkpointEvery, 0);
        atLeast("keepCheckpoints", keepCheckpoints, 1);
        nonNegative("maxGflops", maxGflops);
        positive("temperature", temperature);
        unit("gamma", gamma);
        unit("gaeLambda", gaeLambda);
        nonNegative("thoughtWeight", thoughtWeight);
        positive("clipCoef", clipCoef);
        nonNegative("valueClipCoef", valueClipCoef);
        nonNegative("vfCoef", vfCoef);
        nonNegative("entCoef", entCoef);
        positive("maxGradNorm", maxGradNorm);
        nonNegative("targetKl", targetKl);
        positive("learningRate", learningRate);
        nonNegative("minLearningRate", minLearningRate);
        nonNegative("valueLearningRate", valueLearningRate);
        if (minLearningRate > learningRate) {
            throw new IllegalArgumentException("minLearningRate " + minLearningRate
                    + " must not exceed learningRate " + learningRate);
        }
        if (!(adamBeta1 >= 0 && adamBeta1 < 1) || !(adamBeta2 >= 0 && adamBeta2 < 1)) {
            throw new IllegalArgumentException("adam betas must be in [0, 1), got " + adamBeta1 + ", " + adamBeta2);
        }
        positive("adamEps", adamEps);
        nonNegative("weightDecay", weightDecay);
        nonNegative("klCoef", klCoef);
        if (algorithm == Algorithm.PPO) {
            if (rolloutUnit == RolloutUnit.STEPS && transitions % numEnvs != 0) {
                throw new IllegalArgumentException("PPO splits transitions evenly over environments: transitions "
                        + transitions + " is not a multiple of numEnvs " + numEnvs);
            }
            if (rolloutUnit == RolloutUnit.STEPS && transitions % minibatches != 0) {
                throw new IllegalArgumentException("transitions " + transitions + " is not a multiple of minibatches "
                        + minibatches + "; every minibatch must hold the same number of transitions");
            }
        } else {
            if (groupSize < 2) {
                throw new IllegalArgumentException("GRPO needs groupSize >= 2 to normalise within a group, got "
                        + groupSize);
            }
            if (transitions % groupSize != 0) {
                throw new IllegalArgumentException("GRPO: transitions " + transitions
                        + " must be a multiple of groupSize " + groupSize + " (groups per update x groupSize)");
            }
        }
    }

    /**
     * The reference study's PPO (RL4VLM lineage, GeneralPoints): gamma 0.9, lambda 0.95, clip 0.1 for ratio and
     * value, vfCoef 0.5, 4 epochs of 2 minibatches over 256 x 8 transitions with micro-batch 1, maxGradNorm 0.01,
     * Adam eps 1e-7, lr 1e-6 cosine to 1e-9 over 20 updates, T = 0.2, answer key {@code formula} with thought
     * weight 0.5, 512 new tokens, no KL and no entropy bonus.
     */
    public static PpoConfig study() {
        return new PpoConfigBuilder().build();
    }

    /**
     * Settings for small models trained from scratch on a CPU, the ones measured to raise GP-L success from an SFT
     * init (docs/BENCHMARKS.md, PPO section 3): buffers of whole episodes (at least 128 transitions over 32
     * environments), 150 updates, clip 0.2, an unclipped value loss at vfCoef 0.1, lr 5e-5 cosine to 2e-5 with the
     * value head at 1e-2 (it starts from scratch on the SFT policy), maxGradNorm 1.0, 4 epochs x 2 minibatches,
     * T = 1.0, 64 new tokens, no answer key (compact answers have no "formula" field: every token weighs 1),
     * everything else as in {@link #study()}.
     */
    public static PpoConfig defaults() {
        return new PpoConfigBuilder()
                .transitions(128).numEnvs(32).updates(150).rolloutUnit(RolloutUnit.EPISODES)
                .temperature(1.0).maxNewTokens(64).answerKey(null)
                .clipCoef(0.2).valueClipCoef(0).valueLearningRate(1e-2).vfCoef(0.1)
                .minibatches(2).microBatch(32)
                .maxGradNorm(1.0)
                .learningRate(5e-5).minLearningRate(2e-5).adamEps(1e-8)
                .evalEvery(5).evalEpisodes(100).evalBatch(50)
                .build();
    }

    /** A named preset: {@code study} or {@code default}. */
    public static PpoConfig preset(String name) {
        return switch (Objects.requireNonNull(name, "name")) {
            case "study" -> study();
            case "default", "defaults" -> defaults();
            default -> throw new IllegalArgumentException(Names.unknown("PPO preset", name, PRESETS));
        };
    }

    /** A builder holding this config's values. */
    public PpoConfigBuilder toBuilder() {
        return new PpoConfigBuilder(this);
    }

    /**
     * The value head's rate when the policy's is {@code policyRate} (both follow one schedule): scaled by
     * {@code valueLearningRate / learningRate} for PPO with a rate of its own, else the policy's.
     */
    public double valueRate(double policyRate) {
        return algorithm == Algorithm.PPO && valueLearningRate > 0 ? policyRate * valueLearningRate / learningRate
                : policyRate;
    }

    /** Whether a reference model is needed (a KL penalty is on). */
    public boolean usesReference() {
        return klCoef > 0;
    }

    /** The environment options with the verification steps folded in. */
    public Map<String, String> effectiveEnvironmentOptions() {
        Map<String, String> o = new LinkedHashMap<>(environmentOptions);
        if (verifySteps >= 0) {
            o.put(verifyOption, Integer.toString(verifySteps));
        }
        return o;
    }

    /** The variants evaluated: {@link #evalVariants()} or else the training environment. */
    public List<String> evaluatedVariants() {
        return evalVariants.isEmpty() ? List.of(environment) : evalVariants;
    }

    /** This config as plain JSON values (for provenance and checkpoints); null fields are left out. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        Map<String, Object> m = new ObjectMapper().convertValue(this, LinkedHashMap.class);
        m.values().removeIf(Objects::isNull);
        if (maxGflops == 0) {
            m.remove("maxGflops"); // no budget: the settings read as before budgets existed, so such runs resume
        }
        return m;
    }

    private static void atLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }
}
