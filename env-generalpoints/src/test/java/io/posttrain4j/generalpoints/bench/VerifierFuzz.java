package io.posttrain4j.generalpoints.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.Dealer;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.game.SuitSet;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.prompt.Prompts;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierLimits;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * Fuzzes the GeneralPoints verifier: seeded mutations of plausible answers (expert answers in both layouts, wrong
 * formulas, strict JSON, garbage) go through both modes, each without limits and with the training limits, and
 * every verdict is checked: no exception or error of any kind, a finite reward, {@code success} exactly when the
 * reward is +5, a reward from the reference's table (or a sum of its penalties), and under the training limits a
 * reward of at least the floor, feedback within its bound, and the unlimited verdict wherever that one was
 * already within the bounds. Prints the counts and the throughput; exit code 1 when anything failed.
 *
 * <p>Mutations: characters replaced or inserted from a hostile alphabet (operators, quotes, braces, backslashes,
 * line ends, NUL, byte order marks, full-width and Arabic-Indic digits, lone surrogates, emoji), ranges deleted or
 * repeated up to 64 times, runs of up to 5000 parentheses or 10,000 digits, extra {@code "formula": "} and
 * {@code "cards": [} fragments, truncation, and wrapping in a JSON object.
 *
 * <p>Run (arguments: responses, seed; defaults 1000000 and 1), after {@code mvn -B -o -q install -DskipTests -pl
 * env-generalpoints -am}: {@code mvn -B -o -q -pl env-generalpoints dependency:build-classpath
 * -Dmdep.outputFile=target/fuzz.cp} then {@code java -cp
 * env-generalpoints/target/test-classes:env-generalpoints/target/classes:$(cat
 * env-generalpoints/target/fuzz.cp) io.posttrain4j.generalpoints.bench.VerifierFuzz 1000000 1}.
 */
public final class VerifierFuzz {
    private static final String[] HOSTILE = {
        "+", "-", "*", "/", "(", ")", "=", "==", " ", "0", "1", "3", "6", "8", "10", "13", "24", "\"", "'", "{", "}",
        "[", "]", ",", ":", "\\", "\\\"", "\n", "\r\n", "\t", "\u0000", "\ufeff", "\u2028", "x", ".", "e", "1e9",
        "NaN", "null", "\uff11\uff10", "\u0661\u0660", "\ud800", "\udc00", "\ud83d\ude00", "\"formula\": \"",
        "\"cards\": [", "'A', '3', 'K', '6'", "\"number\": [1, 3, 10, 6]", "=25", "=24", "99999999999999999999",
    };

    private VerifierFuzz() {}

    public static void main(String[] args) {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        SplittableRandom rng = new SplittableRandom(seed);
        List<GeneralPointsTask> tasks = tasks(rng.split());
        List<GeneralPointsVerifier> plain = new ArrayList<>();
        List<GeneralPointsVerifier> limited = new ArrayList<>();
        for (VerifierMode mode : VerifierMode.values()) {
            plain.add(new GeneralPointsVerifier(mode));
            limited.add(new GeneralPointsVerifier(mode, VerifierLimits.TRAINING));
        }
        long exceptions = 0;
        long violations = 0;
        long verifications = 0;
        long chars = 0;
        int longest = 0;
        long correct = 0;
        long clipped = 0;
        List<String> examples = new ArrayList<>();
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            GeneralPointsTask task = tasks.get(rng.nextInt(tasks.size()));
            String response = mutate(base(task, rng), rng);
            chars += response.length();
            longest = Math.max(longest, response.length());
            for (int m = 0; m < plain.size(); m++) {
                Verdict free;
                Verdict bounded;
                try {
                    free = plain.get(m).verify(task, response);
                    bounded = limited.get(m).verify(task, response);
                } catch (Throwable e) {
                    exceptions++;
                    note(examples, "exception " + e + " for " + task + " " + shorten(response));
                    continue;
                } finally {
                    verifications += 2;
                }
                String problem = check(free, bounded, response.length());
                if (problem != null) {
                    violations++;
                    note(examples, problem + " (" + plain.get(m).mode().label() + ") for " + task + " "
                            + shorten(response));
                }
                correct += free.success() ? 1 : 0;
                clipped += bounded.reward() != free.reward() ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "responses: %,d (seed %d; mean %.0f characters, longest %,d)%n", count, seed,
                (double) chars / Math.max(1, count), longest);
        System.out.printf(Locale.ROOT, "verifications: %,d (exact and reference, each without limits and with the"
                + " training limits)%n", verifications);
        System.out.printf(Locale.ROOT, "exceptions: %d; invariant violations: %d%n", exceptions, violations);
        System.out.printf(Locale.ROOT, "correct verdicts: %,d; verdicts changed by the training limits: %,d%n",
                correct, clipped);
        System.out.printf(Locale.ROOT, "time: %.1f s; %,.0f responses/s; %,.0f verifications/s (mutation included)%n",
                seconds, count / seconds, verifications / seconds);
        examples.forEach(e -> System.out.println("  " + e));
        if (exceptions > 0 || violations > 0) {
            System.exit(1);
        }
    }

    /** What is wrong with a pair of verdicts for one response, or null. */
    private static String check(Verdict free, Verdict bounded, int length) {
        for (Verdict v : List.of(free, bounded)) {
            double r = v.reward();
            if (!Double.isFinite(r) || v.success() != (r == GeneralPointsVerifier.CORRECT)) {
                return "reward " + r + " with success " + v.success();
            }
            boolean table = r == 5 || r == 1 || r == 0 || r == -1 || r == -1.5 || (r < 0 && r == Math.rint(r));
            if (!table) {
                return "reward " + r + " is not in the reference's table";
            }
            if (v.feedback() == null || v.feedback().isEmpty()) {
                return "empty feedback";
            }
        }
        VerifierLimits l = VerifierLimits.TRAINING;
        if (bounded.reward() < l.rewardFloor() || bounded.feedback().length() > l.maxFeedbackChars()) {
            return "limits not kept: " + bounded.reward() + ", feedback of " + bounded.feedback().length();
        }
        boolean within = length <= l.maxResponseChars() && free.reward() >= l.rewardFloor()
                && free.feedback().length() <= l.maxFeedbackChars();
        if (within && (free.reward() != bounded.reward() || !free.feedback().equals(bounded.feedback()))) {
            return "limits changed a verdict within them: " + free.feedback() + " vs " + bounded.feedback();
        }
        return null;
    }

    private static List<GeneralPointsTask> tasks(SplittableRandom rng) {
        List<GeneralPointsTask> out = new ArrayList<>();
        for (FaceRule rule : List.of(FaceRule.AS_10, FaceRule.AS_11_12_13)) {
            Dealer dealer = new Dealer(rule, rule == FaceRule.AS_11_12_13, SuitSet.MIXED, 24);
            for (int i = 0; i < 128; i++) {
                List<Card> hand = dealer.deal(rng.split());
                out.add(GeneralPointsTask.of(hand, rule, 24, rng.nextBoolean()));
            }
        }
        return out;
    }

    private static String base(GeneralPointsTask task, SplittableRandom rng) {
        List<String> solutions = task.solutions();
        String solution = solutions.get(rng.nextInt(solutions.size()));
        return switch (rng.nextInt(6)) {
            case 0 -> Prompts.expertAnswer(task, solution, PromptStyle.REFERENCE);
            case 1 -> Prompts.expertAnswer(task, solution, PromptStyle.COMPACT);
            case 2 -> "{\"cards\": " + task.cardNames().stream().map(n -> "\"" + n + "\"").toList()
                    + ", \"formula\": \"" + solution + "=24\"}";
            case 3 -> "\"formula\": \"" + solution + "=" + (20 + rng.nextInt(8)) + "\"";
            case 4 -> "\"cards\": " + task.cardNames() + ", \"formula\": \"" + solution.replace('*', 'x') + "\"";
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int k = rng.nextInt(12); k > 0; k--) {
                    sb.append(HOSTILE[rng.nextInt(HOSTILE.length)]);
                }
                yield sb.toString();
            }
        };
    }

    private static String mutate(String s, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(s);
        for (int k = 1 + rng.nextInt(4); k > 0; k--) {
            int at = sb.length() == 0 ? 0 : rng.nextInt(sb.length() + 1);
            int kind = rng.nextInt(100);
            if (kind < 30 && sb.length() > 0) {
                int i = Math.min(at, sb.length() - 1);
                sb.replace(i, i + 1, HOSTILE[rng.nextInt(HOSTILE.length)]);
            } else if (kind < 55) {
                sb.insert(at, HOSTILE[rng.nextInt(HOSTILE.length)]);
            } else if (kind < 70 && sb.length() > 0) {
                int end = Math.min(sb.length(), at + 1 + rng.nextInt(8));
                sb.delete(Math.min(at, end), end);
            } else if (kind < 80 && sb.length() > 0) {
                int from = Math.min(at, sb.length() - 1);
                int end = Math.min(sb.length(), from + 1 + rng.nextInt(6));
                String piece = sb.substring(from, end);
                sb.insert(from, piece.repeat(1 + rng.nextInt(64)));
            } else if (kind < 83) {
                int depth = 1 + rng.nextInt(5000);
                int close = Math.min(sb.length(), at + rng.nextInt(40));
                sb.insert(close, ")".repeat(rng.nextBoolean() ? depth : rng.nextInt(depth + 1)));
                sb.insert(at, "(".repeat(depth));
            } else if (kind < 85) {
                sb.insert(at, String.valueOf((char) ('1' + rng.nextInt(9))).repeat(1 + rng.nextInt(10_000)));
            } else if (kind < 92) {
                sb.insert(at, rng.nextBoolean() ? "\"formula\": \"" : "\"cards\": [");
            } else if (kind < 97 && sb.length() > 0) {
                sb.setLength(rng.nextInt(sb.length()));
            } else {
                return "{\"formula\": \"" + sb.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            }
        }
        return sb.toString();
    }

    private static void note(List<String> examples, String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }

    private static String shorten(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " characters)" : s;
        return shown.replace("\n", "\\n");
    }
}
