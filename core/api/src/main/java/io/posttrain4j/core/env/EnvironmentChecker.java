package io.posttrain4j.core.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks that an environment keeps the {@link Environment} contract, in the spirit of Gymnasium's
 * {@code check_env}: seeded resets repeat exactly, episodes replay under equal actions, observations are well
 * formed, any text is a legal action, stepping before a reset or after the end fails clearly, episodes end,
 * metrics keep their names, and the expert (when there is one) solves the episodes.
 *
 * <p>Ships in main code so that users can check their own environments in their tests:
 * {@code EnvironmentChecker.check(() -> new MyEnv()).throwIfFailed();}
 */
public final class EnvironmentChecker {
    /** Texts no policy should be able to crash an environment with. */
    static final List<String> HOSTILE_ACTIONS = List.of(
            "", " ", "None", "{", "\"formula\": \"(((\"", "turn_direction(", "\u0000\uFFFF\uD83D\uDE00",
            "x".repeat(5000), "{\"cards\": [1,2,3,4], \"formula\": \"1/0=24\"}", "stop()\nforward()");

    private final int seeds;
    private final int maxSteps;

    private EnvironmentChecker(int seeds, int maxSteps) {
        this.seeds = seeds;
        this.maxSteps = maxSteps;
    }

    /** Checks with 5 seeds and episodes bounded by 200 steps. */
    public static Report check(Supplier<? extends Environment> factory) {
        return new EnvironmentChecker(5, 200).run(factory);
    }

    /** Checks with {@code seeds} seeds and episodes bounded by {@code maxSteps} steps. */
    public static Report check(Supplier<? extends Environment> factory, int seeds, int maxSteps) {
        return new EnvironmentChecker(seeds, maxSteps).run(factory);
    }

    private Report run(Supplier<? extends Environment> factory) {
        List<String> problems = new ArrayList<>();
        String id = "?";
        try (Environment fresh = factory.get()) {
            id = fresh.id();
            expectIllegalState(problems, "step before reset", () -> fresh.step("anything"));
        } catch (RuntimeException e) {
            problems.add("creating the environment failed: " + e);
        }
        for (int s = 0; s < seeds && problems.size() < 20; s++) {
            long seed = 1000L * s + 7;
            try (Environment a = factory.get(); Environment b = factory.get()) {
                checkEpisodePair(problems, a, b, seed);
            } catch (RuntimeException e) {
                problems.add("seed " + seed + ": unexpected " + e);
            }
            try (Environment e = factory.get()) {
                checkExpert(problems, e, seed);
            } catch (RuntimeException e) {
                problems.add("seed " + seed + ": expert episode threw " + e);
            }
        }
        return new Report(id, problems);
    }

    private void checkEpisodePair(List<String> problems, Environment a, Environment b, long seed) {
        Observation oa = a.reset(seed);
        Observation ob = b.reset(seed);
        wellFormed(problems, oa, "reset(" + seed + ")");
        if (!oa.equals(ob)) {
            problems.add("reset(" + seed + ") gave different observations in two instances");
        }
        Observation again = a.reset(seed);
        if (!oa.equals(again)) {
            problems.add("reset(" + seed + ") twice on one instance gave different observations");
        }
        Set<String> metricNames = a.episodeMetrics().keySet();
        int steps = 0;
        Step sa = null;
        while (steps < maxSteps) {
            String action = HOSTILE_ACTIONS.get((int) ((seed + steps) % HOSTILE_ACTIONS.size()));
            sa = a.step(action);
            Step sb = b.step(action);
            steps++;
            if (!sa.equals(sb)) {
                problems.add("seed " + seed + ", step " + steps + ": equal actions gave different steps");
                return;
            }
            if (!sa.done()) {
                wellFormed(problems, sa.observation(), "seed " + seed + ", step " + steps);
            }
            if (sa.done()) {
                break;
            }
        }
        if (sa == null || !sa.done()) {
            problems.add("seed " + seed + ": an episode of bad answers did not end within " + maxSteps + " steps");
            return;
        }
        if (sa.success()) {
            problems.add("seed " + seed + ": bad answers were counted as a success");
        }
        if (!a.episodeMetrics().keySet().equals(metricNames)) {
            problems.add("metric names changed during the episode: " + metricNames + " -> "
                    + a.episodeMetrics().keySet());
        }
        expectIllegalState(problems, "step after the episode ended", () -> a.step("anything"));
    }

    private void checkExpert(List<String> problems, Environment env, long seed) {
        if (env.expert().isEmpty()) {
            return;
        }
        Expert expert = env.expert().get();
        env.reset(seed);
        for (int steps = 0; steps < maxSteps; steps++) {
            Step step = env.step(expert.expertAnswer());
            if (step.done()) {
                if (!step.terminated() || !step.success()) {
                    problems.add("seed " + seed + ": the expert's episode ended without success (" + step.feedback()
                            + ")");
                }
                for (Map.Entry<String, Tally> m : env.episodeMetrics().entrySet()) {
                    if (m.getKey().equals("success") && m.getValue().hits() != m.getValue().total()) {
                        problems.add("seed " + seed + ": expert episode reports success " + m.getValue());
                    }
                }
                return;
            }
            if (step.reward() < 0) {
                problems.add("seed " + seed + ": the expert's answer was penalised (" + step.feedback() + ")");
                return;
            }
        }
        problems.add("seed " + seed + ": the expert did not finish within " + maxSteps + " steps");
    }

    private static void wellFormed(List<String> problems, Observation o, String where) {
        Objects.requireNonNull(o, "observation");
        if (o.lastUserText().isBlank() && o.images().isEmpty()) {
            problems.add(where + ": the last user turn has neither text nor images");
        }
        for (Message m : o.messages()) {
            if (m.text().indexOf('\u0000') >= 0) {
                problems.add(where + ": a message contains NUL characters");
            }
        }
    }

    private static void expectIllegalState(List<String> problems, String what, Runnable r) {
        try {
            r.run();
            problems.add(what + " did not fail");
        } catch (IllegalStateException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                problems.add(what + " failed without a message");
            }
        } catch (RuntimeException other) {
            problems.add(what + " threw " + other.getClass().getSimpleName() + " instead of IllegalStateException");
        }
    }

    /** What the checker found: no problems means the environment passed. */
    public record Report(String environment, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean passed() {
            return problems.isEmpty();
        }

        /** Throws an {@link AssertionError} listing every problem, for use in tests. */
        public void throwIfFailed() {
            if (!passed()) {
                throw new AssertionError(environment + " failed the environment check:\n  - "
                        + String.join("\n  - ", problems));
            }
        }
    }
}
