package io.posttrain4j.generalpoints.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.Dealer;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.game.Solver;
import io.posttrain4j.generalpoints.game.SuitSet;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.prompt.Prompts;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * Measures the verifier's throughput in both modes on a fixed seeded corpus (a third expert answers, a third wrong
 * formulas, a third garbage) and the time to solve all 1820 rank multisets, full enumeration against
 * {@link Solver#isSolvable}.
 *
 * <p>Run: {@code mvn -B -o -q -pl env-generalpoints exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.posttrain4j.generalpoints.bench.GeneralPointsBench [-Dexec.args="<corpus size> <repeats>"]}.
 */
public final class GeneralPointsBench {
    private GeneralPointsBench() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<GeneralPointsTask> tasks = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        corpus(size, tasks, responses);
        System.out.printf(Locale.ROOT, "corpus: %d responses over seeded GP-L/GP-VL hands (seed 42)%n", size);
        for (VerifierMode mode : VerifierMode.values()) {
            GeneralPointsVerifier v = new GeneralPointsVerifier(mode);
            double sink = 0;
            for (int i = 0; i < size; i++) {
                sink += v.verify(tasks.get(i), responses.get(i)).reward();
            }
            long best = Long.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < size; i++) {
                    sink += v.verify(tasks.get(i), responses.get(i)).reward();
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf(Locale.ROOT, "verifier %-9s: %,.0f verifications/s (best of %d, %.1f us each; checksum %.1f)%n",
                    mode.label(), size / (best / 1e9), repeats, best / 1e3 / size, sink);
        }
        List<List<Integer>> hands = allMultisets();
        long full = Long.MAX_VALUE;
        long decide = Long.MAX_VALUE;
        int solvable = 0;
        int decided = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            solvable = 0;
            for (List<Integer> h : hands) {
                solvable += Solver.solveUncached(h, 24).isEmpty() ? 0 : 1;
            }
            full = Math.min(full, System.nanoTime() - t0);
            t0 = System.nanoTime();
            decided = 0;
            for (List<Integer> h : hands) {
                decided += Solver.isSolvable(h, 24) ? 1 : 0;
            }
            decide = Math.min(decide, System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "solve all %d multisets (values = ranks, target 24): full enumeration %.1f ms"
                + " (%d solvable), isSolvable %.1f ms (%d solvable), ratio full/isSolvable %.1fx%n",
                hands.size(), full / 1e6, solvable, decide / 1e6, decided, (double) full / decide);
    }

    private static void corpus(int size, List<GeneralPointsTask> tasks, List<String> responses) {
        SplittableRandom rng = new SplittableRandom(42);
        Dealer dealer = new Dealer(FaceRule.AS_10, false, SuitSet.MIXED, 24);
        String garbageChars = "0123456789+-*/()= xyz\"{}[],'";
        for (int i = 0; i < size; i++) {
            List<Card> hand = dealer.deal(rng.split());
            GeneralPointsTask task = GeneralPointsTask.of(hand, FaceRule.AS_10, 24, rng.nextBoolean());
            String solution = task.solutions().get(rng.nextInt(task.solutions().size()));
            String response = switch (i % 3) {
                case 0 -> Prompts.expertAnswer(task, solution, PromptStyle.REFERENCE);
                case 1 -> {
                    char[] f = solution.toCharArray();
                    f[rng.nextInt(f.length)] = "+-*/123456789()".charAt(rng.nextInt(15));
                    yield Prompts.expertAnswer(task, new String(f), rng.nextBoolean() ? PromptStyle.REFERENCE
                            : PromptStyle.COMPACT);
                }
                default -> {
                    StringBuilder sb = new StringBuilder();
                    int n = rng.nextInt(80);
                    for (int k = 0; k < n; k++) {
                        sb.append(garbageChars.charAt(rng.nextInt(garbageChars.length())));
                    }
                    yield sb.toString();
                }
            };
            tasks.add(task);
            responses.add(response);
        }
    }

    private static List<List<Integer>> allMultisets() {
        List<List<Integer>> out = new ArrayList<>();
        for (int a = 1; a <= 13; a++) {
            for (int b = a; b <= 13; b++) {
                for (int c = b; c <= 13; c++) {
                    for (int d = c; d <= 13; d++) {
                        out.add(List.of(a, b, c, d));
                    }
                }
            }
        }
        return out;
    }
}
