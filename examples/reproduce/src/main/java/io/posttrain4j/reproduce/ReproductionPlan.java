package io.posttrain4j.reproduce;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.spi.Names;

/**
 * Which tasks a reproduction runs and with what budget. {@link #quickFromBase()} covers GP-L with both arms and
 * both evaluations from a pretrained base (the command line's {@code reproduce --quick}), {@link #quick()} the same
 * from scratch, each in about 10-17 minutes on a 2-core CPU; {@link #fullFromBases()} (the command line's
 * {@code reproduce}) adds the verification-scaling ablation, GP-VL, V-IRL-L and V-IRL-VL, each from its base;
 * {@link #full()} is every task from scratch.
 *
 * @param name {@code quick} or {@code full}
 * @param seed the root seed of data, models, rollouts
 * @param tasks the tasks in order
 */
public record ReproductionPlan(String name, long seed, List<TaskPlan> tasks) {
    private static final Map<String, String> GP_TRAIN = Map.of("prompt", "compact", "image", "small");
    /** The study evaluates GeneralPoints with one attempt. */
    private static final Map<String, String> GP_EVAL = Map.of("verifyIter", "1", "finalUnscoredTurn", "false");
    /** The PPO rate of every RL arm (the policy's; the value head has its own, see {@link Reproduction}). */
    static final double RL_LEARNING_RATE = 5e-5;
    private static final Map<String, String> VIRL_TRAIN = Map.of("prompt", "compact", "image", "small");
    /** V-IRL from a base: one attempt per point in training and evaluation (the base never read a revision). */
    private static final Map<String, String> VIRL_TRAIN_BASE = Map.of("prompt", "compact", "image", "small",
            "verifyIter", "1");
    private static final Map<String, String> VIRL_EVAL_BASE = Map.of("verifyIter", "1");
    /** PPO from a base with one scored attempt: no unscored last turn (its reward is -1 whatever is written). */
    private static final Map<String, String> GP_TRAIN_BASE = Map.of("prompt", "compact", "image", "small",
            "finalUnscoredTurn", "false");

    public ReproductionPlan {
        Objects.requireNonNull(name, "name");
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a reproduction needs at least one task");
        }
    }

    /**
     * GP-L only, both arms, ID and rule-OOD evaluations. RL trains with 2 verification steps (not the study's 5):
     * revision turns lengthen the prompts that every PPO epoch trains on, and the quick plan must fit in 20 minutes.
     */
    public static ReproductionPlan quick() {
        return new ReproductionPlan("quick", 7, List.of(gpL(0, List.of(2), 16, 64, 16, 4, 100)));
    }

    /**
     * GP-L from a pretrained base that already writes the task's answer format (the repository's
     * {@code examples/reproduce/bases/gp-small-long}): the init is a run of 50 SFT steps at a peak rate of 2e-5,
     * gentle enough to keep the base's reading of the unseen rule (the study's gate: >= 10% on rule-OOD hands); the
     * SFT arm continues from it for 700 steps at 1e-4, the rate of the SFT runs from a base in docs/BENCHMARKS.md;
     * the RL arm is 64 PPO updates of 128 one-attempt episodes from the init (the recipe that raised
     * in-distribution success by 20 points in 150 updates). Both arms reach about 2.5e4 GFLOPs. Every checkpoint
     * is evaluated on 400 hands per variant.
     */
    public static ReproductionPlan quickFromBase() {
        return new ReproductionPlan("quick", 7, List.of(gpFromBase("gp-l", 400)));
    }

    /** The repository's pretrained bases, by task, as folders relative to the repository's root. */
    public static final Map<String, String> CARRIED_BASES = Map.of(
            "gp-l", "examples/reproduce/bases/gp-small-long",
            "gp-vl", "examples/reproduce/bases/gp-vl-small",
            "virl-l", "examples/reproduce/bases/virl-small",
            "virl-vl", "examples/reproduce/bases/virl-vl-small");

    /**
     * The full plan from the repository's bases ({@link #CARRIED_BASES}), one per task. GP-L: the quick plan's task from {@code gp-small-long}, its RL arms checkpointed
     * every 4 updates, and the verification-scaling ablation (3, 5 and 10 verification steps against the main arm's
     * 1), each ablation arm stopped at the main arm's RL compute. GP-VL from {@code gp-vl-small} (which reads the
     * cards from the image): GP-L's recipe from a base (init, SFT arm and main RL arm), 200 hands per variant.
     * V-IRL-L from {@code virl-small}:
     * a gentle init (50 SFT steps at 2e-5, which keeps the base's 20% step accuracy with relative actions), the SFT
     * arm 150 more steps at 1e-4, the RL arm 20 PPO updates of 64 transitions with one attempt per point
     * (micro-batches of 4: the routes' conversations are long and uneven), every variant evaluated on 48 routes with
     * one attempt. V-IRL-VL from {@code virl-vl-small} (which continues {@code virl-small} with street views) by
     * V-IRL-L's recipe.
     */
    public static ReproductionPlan fullFromBases() {
        return new ReproductionPlan("full", 7, List.of(
                gpFromBase("gp-l", 400).withRlArms(List.of(1, 3, 5, 10), 4, true),
                gpFromBase("gp-vl", 200),
                virlFromBase("virl-l"),
                virlFromBase("virl-vl")));
    }

    /** A V-IRL task ({@code virl-l} or {@code virl-vl}) from a base, evaluated on 48 routes per variant. */
    private static TaskPlan virlFromBase(String task) {
        return new TaskPlan(task, task, VIRL_TRAIN_BASE, VIRL_EVAL_BASE, "small", 0, 0, 1000, 200, 50, 32, 1e-4, 50,
                List.of(1), 20, 64, 8, RL_LEARNING_RATE, 4, 48, 2e-5).withMicroBatch(4);
    }

    /** A GeneralPoints task ({@code gp-l} or {@code gp-vl}) from a base, evaluated on {@code evalEpisodes} hands. */
    private static TaskPlan gpFromBase(String task, int evalEpisodes) {
        return new TaskPlan(task, task, GP_TRAIN_BASE, GP_EVAL, "small", 0, 0, 20000, 750, 50, 64, 1e-4, 50,
                List.of(1), 64, 128, 32, RL_LEARNING_RATE, 16, evalEpisodes, 2e-5);
    }

    /**
     * Every task of the study and the verification-scaling ablation on GP-L (arms with 5, 1, 3 and 10 verification
     * steps), sized for this 2-core CPU: about two hours as one command (measured figure in docs/BENCHMARKS.md).
     * GP-L's policy takes 2048 positions here (a conversation of 10 attempts outgrows the preset's 1024), and its
     * four RL arms take 4 updates of at least 32 transitions on 4 environments each: an update over 5-attempt
     * conversations of byte tokens costs minutes on one core. GP-VL's init is step 400, the first checkpoint that
     * reads the cards (66-95% card accuracy in two runs; 19.5% at step 300, from which RL never sees a reward), and
     * its RL arm trains with 2 verification steps, as GP-L's quick arm does; V-IRL with the reference's 2 attempts
     * per point. Evaluation: 200 episodes per GP variant, 48 routes per V-IRL variant (the reference's count).
     */
    public static ReproductionPlan full() {
        return new ReproductionPlan("full", 7, List.of(
                gpL(2048, List.of(5, 1, 3, 10), 4, 32, 4, 2, 200),
                new TaskPlan("gp-vl", "gp-vl", GP_TRAIN, GP_EVAL, "small", 0, 0, 20000, 600, 400, 64, 2e-3, 100,
                        List.of(2), 8, 64, 16, RL_LEARNING_RATE, 4, 200),
                new TaskPlan("virl-l", "virl-l", VIRL_TRAIN, Map.of(), "small", 0, 512, 1000, 300, 100, 32, 2e-3, 50,
                        List.of(2), 8, 64, 4, RL_LEARNING_RATE, 4, 48),
                new TaskPlan("virl-vl", "virl-vl", VIRL_TRAIN, Map.of(), "small", 0, 512, 1000, 200, 100, 32, 2e-3, 50,
                        List.of(2), 8, 64, 4, RL_LEARNING_RATE, 4, 48)));
    }

    private static TaskPlan gpL(int maxPositions, List<Integer> verifySteps, int updates, int transitions, int envs,
            int evalEvery, int evalEpisodes) {
        return new TaskPlan("gp-l", "gp-l", GP_TRAIN, GP_EVAL, "small", maxPositions, 0, 20000, 600, 300, 64, 2e-3, 100,
                verifySteps, updates, transitions, envs, RL_LEARNING_RATE, evalEvery, evalEpisodes);
    }

    /** {@code quick} or {@code full} from scratch. */
    public static ReproductionPlan named(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException(Names.unknown("reproduction plan", name, List.of("quick", "full")));
        };
    }

    /** This plan with another root seed (data, models, rollouts; the evaluation hands stay the same). */
    public ReproductionPlan withSeed(long seed) {
        return new ReproductionPlan(name, seed, tasks);
    }

    /** This plan restricted to the named tasks, in the plan's order. */
    public ReproductionPlan only(List<String> names) {
        List<String> known = tasks.stream().map(TaskPlan::name).toList();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException(Names.unknown("task of plan " + name, n, known));
            }
        }
        return new ReproductionPlan(name, seed, tasks.stream().filter(t -> names.contains(t.name())).toList());
    }
}
