package io.posttrain4j.examples.reproduce;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.spi.Names;

/**
 * Which tasks a reproduction runs and with what budget. {@link #quick()} covers GP-L with both arms and both
 * evaluations in about a quarter of an hour on a 2-core CPU; {@link #full()} adds GP-VL, V-IRL-L, V-IRL-VL and
 * the verification-scaling ablation.
 *
 * @param name {@code quick} or {@code full}
 * @param seed the root seed of data, models, rollouts
 * @param tasks the tasks in order
 */
public record ReproductionPlan(String name, long seed, List<TaskPlan> tasks) {
    private static final Map<String, String> GP_TRAIN = Map.of("prompt", "compact", "image", "small");
    /** The study evaluates GeneralPoints with one attempt. */
    private static final Map<String, String> GP_EVAL = Map.of("verifyIter", "1", "finalUnscoredTurn", "false");
    private static final Map<String, String> VIRL_TRAIN = Map.of("prompt", "compact", "image", "small");

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
        return new ReproductionPlan("quick", 7, List.of(gpL(List.of(2), 16, 64, 4, 100)));
    }

    /** Every task of the study and the verification-scaling ablation on GP-L. */
    public static ReproductionPlan full() {
        return new ReproductionPlan("full", 7, List.of(
                gpL(List.of(5, 1, 3, 10), 40, 128, 5, 234),
                new TaskPlan("gp-vl", "gp-vl", GP_TRAIN, GP_EVAL, "small", 512, 20000, 1600, 400, 64, 1e-3, 200,
                        List.of(5), 40, 128, 1e-5, 5, 234),
                new TaskPlan("virl-l", "virl-l", VIRL_TRAIN, Map.of(), "small", 512, 4000, 600, 100, 64, 1e-3, 100,
                        List.of(2), 30, 128, 1e-5, 5, 48),
                new TaskPlan("virl-vl", "virl-vl", VIRL_TRAIN, Map.of(), "small", 512, 4000, 800, 100, 64, 1e-3, 100,
                        List.of(2), 30, 128, 1e-5, 5, 48)));
    }

    private static TaskPlan gpL(List<Integer> verifySteps, int updates, int transitions, int evalEvery,
            int evalEpisodes) {
        return new TaskPlan("gp-l", "gp-l", GP_TRAIN, GP_EVAL, "small", 0, 20000, 600, 300, 64, 2e-3, 100,
                verifySteps, updates, transitions, 1e-5, evalEvery, evalEpisodes);
    }

    /** {@code quick} or {@code full}. */
    public static ReproductionPlan named(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException(Names.unknown("reproduction plan", name, List.of("quick", "full")));
        };
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
