package io.posttrain4j.ppo;

import java.util.List;
import java.util.Map;

/**
 * A mutable builder of {@link PpoConfig}: every setter is named after the record component it sets, and
 * {@link #build()} validates. A new builder holds the {@link PpoConfig#study()} values and no environment: name
 * one before training.
 *
 * <pre>{@code PpoConfig c = PpoConfig.defaults().toBuilder().environment("my-env/my-variant").updates(10).build();}</pre>
 */
public final class PpoConfigBuilder {
    private Algorithm algorithm = Algorithm.PPO;
    private String environment = "";
    private Map<String, String> environmentOptions = Map.of();
    private int verifySteps = -1;
    private String verifyOption = "verifyIter";
    private long seed = 0;
    private int updates = 20;
    private int transitions = 2048;
    private int numEnvs = 8;
    private RolloutUnit rolloutUnit = RolloutUnit.STEPS;
    private int maxTurns = 32;
    private double temperature = 0.2;
    private int maxNewTokens = 512;
    private String answerKey = "formula";
    private double thoughtWeight = 0.5;
    private double gamma = 0.9;
    private double gaeLambda = 0.95;
    private TruncationBootstrap truncationBootstrap = TruncationBootstrap.NEXT_OBSERVATION;
    private boolean normalizeAdvantages = true;
    private double clipCoef = 0.1;
    private double valueClipCoef = 0.1;
    private double vfCoef = 0.5;
    private double entCoef = 0;
    private int epochs = 4;
    private int minibatches = 2;
    private int microBatch = 1;
    private double maxGradNorm = 0.01;
    private double targetKl = 0;
    private double learningRate = 1e-6;
    private double minLearningRate = 1e-9;
    private double valueLearningRate = 0;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEps = 1e-7;
    private double weightDecay = 0;
    private double klCoef = 0;
    private KlEstimator klEstimator = KlEstimator.K3;
    private KlPlacement klPlacement = KlPlacement.REWARD;
    private int groupSize = 8;
    private int evalEvery = 5;
    private int evalEpisodes = 200;
    private List<String> evalVariants = List.of();
    private long evalSeed = 1234;
    private int evalBatch = 32;
    private int checkpointEvery = 5;
    private int keepCheckpoints = 2;
    private double maxGflops = 0;

    /** A builder with the study preset's values. */
    public PpoConfigBuilder() {}

    /** A builder holding {@code config}'s values. */
    public PpoConfigBuilder(PpoConfig config) {
        this.algorithm = config.algorithm();
        this.environment = config.environment();
        this.environmentOptions = config.environmentOptions();
        this.verifySteps = config.verifySteps();
        this.verifyOption = config.verifyOption();
        this.seed = config.seed();
        this.updates = config.updates();
        this.transitions = config.transitions();
        this.numEnvs = config.numEnvs();
        this.rolloutUnit = config.rolloutUnit();
        this.maxTurns = config.maxTurns();
        this.temperature = config.temperature();
        this.maxNewTokens = config.maxNewTokens();
        this.answerKey = config.answerKey();
        this.thoughtWeight = config.thoughtWeight();
        this.gamma = config.gamma();
        this.gaeLambda = config.gaeLambda();
        this.truncationBootstrap = config.truncationBootstrap();
        this.normalizeAdvantages = config.normalizeAdvantages();
        this.clipCoef = config.clipCoef();
        this.valueClipCoef = config.valueClipCoef();
        this.vfCoef = config.vfCoef();
        this.entCoef = config.entCoef();
        this.epochs = config.epochs();
        this.minibatches = config.minibatches();
        this.microBatch = config.microBatch();
        this.maxGradNorm = config.maxGradNorm();
        this.targetKl = config.targetKl();
        this.learningRate = config.learningRate();
        this.minLearningRate = config.minLearningRate();
        this.valueLearningRate = config.valueLearningRate();
        this.adamBeta1 = config.adamBeta1();
        this.adamBeta2 = config.adamBeta2();
        this.adamEps = config.adamEps();
        this.weightDecay = config.weightDecay();
        this.klCoef = config.klCoef();
        this.klEstimator = config.klEstimator();
        this.klPlacement = config.klPlacement();
        this.groupSize = config.groupSize();
        this.evalEvery = config.evalEvery();
        this.evalEpisodes = config.evalEpisodes();
        this.evalVariants = config.evalVariants();
        this.evalSeed = config.evalSeed();
        this.evalBatch = config.evalBatch();
        this.checkpointEvery = config.checkpointEvery();
        this.keepCheckpoints = config.keepCheckpoints();
        this.maxGflops = config.maxGflops();
    }

    public PpoConfigBuilder algorithm(Algorithm algorithm) {
        this.algorithm = algorithm;
        return this;
    }

    public PpoConfigBuilder environment(String environment) {
        this.environment = environment;
        return this;
    }

    public PpoConfigBuilder environmentOptions(Map<String, String> environmentOptions) {
        this.environmentOptions = environmentOptions;
        return this;
    }

    public PpoConfigBuilder rolloutUnit(RolloutUnit rolloutUnit) {
        this.rolloutUnit = rolloutUnit;
        return this;
    }

    public PpoConfigBuilder valueLearningRate(double valueLearningRate) {
        this.valueLearningRate = valueLearningRate;
        return this;
    }

    public PpoConfigBuilder verifySteps(int verifySteps) {
        this.verifySteps = verifySteps;
        return this;
    }

    public PpoConfigBuilder verifyOption(String verifyOption) {
        this.verifyOption = verifyOption;
        return this;
    }

    public PpoConfigBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public PpoConfigBuilder updates(int updates) {
        this.updates = updates;
        return this;
    }

    public PpoConfigBuilder transitions(int transitions) {
        this.transitions = transitions;
        return this;
    }

    public PpoConfigBuilder numEnvs(int numEnvs) {
        this.numEnvs = numEnvs;
        return this;
    }

    public PpoConfigBuilder maxTurns(int maxTurns) {
        this.maxTurns = maxTurns;
        return this;
    }

    public PpoConfigBuilder temperature(double temperature) {
        this.temperature = temperature;
        return this;
    }

    public PpoConfigBuilder maxNewTokens(int maxNewTokens) {
        this.maxNewTokens = maxNewTokens;
        return this;
    }

    public PpoConfigBuilder answerKey(String answerKey) {
        this.answerKey = answerKey;
        return this;
    }

    public PpoConfigBuilder thoughtWeight(double thoughtWeight) {
        this.thoughtWeight = thoughtWeight;
        return this;
    }

    public PpoConfigBuilder gamma(double gamma) {
        this.gamma = gamma;
        return this;
    }

    public PpoConfigBuilder gaeLambda(double gaeLambda) {
        this.gaeLambda = gaeLambda;
        return this;
    }

    public PpoConfigBuilder truncationBootstrap(TruncationBootstrap truncationBootstrap) {
        this.truncationBootstrap = truncationBootstrap;
        return this;
    }

    public PpoConfigBuilder normalizeAdvantages(boolean normalizeAdvantages) {
        this.normalizeAdvantages = normalizeAdvantages;
        return this;
    }

    public PpoConfigBuilder clipCoef(double clipCoef) {
        this.clipCoef = clipCoef;
        return this;
    }

    public PpoConfigBuilder valueClipCoef(double valueClipCoef) {
        this.valueClipCoef = valueClipCoef;
        return this;
    }

    public PpoConfigBuilder vfCoef(double vfCoef) {
        this.vfCoef = vfCoef;
        return this;
    }

    public PpoConfigBuilder entCoef(double entCoef) {
        this.entCoef = entCoef;
        return this;
    }

    public PpoConfigBuilder epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    public PpoConfigBuilder minibatches(int minibatches) {
        this.minibatches = minibatches;
        return this;
    }

    public PpoConfigBuilder microBatch(int microBatch) {
        this.microBatch = microBatch;
        return this;
    }

    public PpoConfigBuilder maxGradNorm(double maxGradNorm) {
        this.maxGradNorm = maxGradNorm;
        return this;
    }

    public PpoConfigBuilder targetKl(double targetKl) {
        this.targetKl = targetKl;
        return this;
    }

    public PpoConfigBuilder learningRate(double learningRate) {
        this.learningRate = learningRate;
        return this;
    }

    public PpoConfigBuilder minLearningRate(double minLearningRate) {
        this.minLearningRate = minLearningRate;
        return this;
    }

    public PpoConfigBuilder adamBeta1(double adamBeta1) {
        this.adamBeta1 = adamBeta1;
        return this;
    }

    public PpoConfigBuilder adamBeta2(double adamBeta2) {
        this.adamBeta2 = adamBeta2;
        return this;
    }

    public PpoConfigBuilder adamEps(double adamEps) {
        this.adamEps = adamEps;
        return this;
    }

    public PpoConfigBuilder weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
    }

    public PpoConfigBuilder klCoef(double klCoef) {
        this.klCoef = klCoef;
        return this;
    }

    public PpoConfigBuilder klEstimator(KlEstimator klEstimator) {
        this.klEstimator = klEstimator;
        return this;
    }

    public PpoConfigBuilder klPlacement(KlPlacement klPlacement) {
        this.klPlacement = klPlacement;
        return this;
    }

    public PpoConfigBuilder groupSize(int groupSize) {
        this.groupSize = groupSize;
        return this;
    }

    public PpoConfigBuilder evalEvery(int evalEvery) {
        this.evalEvery = evalEvery;
        return this;
    }

    public PpoConfigBuilder evalEpisodes(int evalEpisodes) {
        this.evalEpisodes = evalEpisodes;
        return this;
    }

    public PpoConfigBuilder evalVariants(List<String> evalVariants) {
        this.evalVariants = evalVariants;
        return this;
    }

    public PpoConfigBuilder evalSeed(long evalSeed) {
        this.evalSeed = evalSeed;
        return this;
    }

    public PpoConfigBuilder evalBatch(int evalBatch) {
        this.evalBatch = evalBatch;
        return this;
    }

    public PpoConfigBuilder checkpointEvery(int checkpointEvery) {
        this.checkpointEvery = checkpointEvery;
        return this;
    }

    public PpoConfigBuilder keepCheckpoints(int keepCheckpoints) {
        this.keepCheckpoints = keepCheckpoints;
        return this;
    }

    /** A compute budget in GFLOPs of RL compute ({@link PpoConfig#maxGflops()}); 0 = none. */
    public PpoConfigBuilder maxGflops(double maxGflops) {
        this.maxGflops = maxGflops;
        return this;
    }

    /** The validated config. */
    public PpoConfig build() {
        return new PpoConfig(
                algorithm,
                environment,
                environmentOptions,
                verifySteps,
                verifyOption,
                seed,
                updates,
                transitions,
                numEnvs,
                rolloutUnit,
                maxTurns,
                temperature,
                maxNewTokens,
                answerKey,
                thoughtWeight,
                gamma,
                gaeLambda,
                truncationBootstrap,
                normalizeAdvantages,
                clipCoef,
                valueClipCoef,
                vfCoef,
                entCoef,
                epochs,
                minibatches,
                microBatch,
                maxGradNorm,
                targetKl,
                learningRate,
                minLearningRate,
                valueLearningRate,
                adamBeta1,
                adamBeta2,
                adamEps,
                weightDecay,
                klCoef,
                klEstimator,
                klPlacement,
                groupSize,
                evalEvery,
                evalEpisodes,
                evalVariants,
                evalSeed,
                evalBatch,
                checkpointEvery,
                keepCheckpoints,
                maxGflops);
    }
}
