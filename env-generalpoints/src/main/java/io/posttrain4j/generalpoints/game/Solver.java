package io.posttrain4j.generalpoints.game;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds every formula the reference solver finds for four numbers and a target, with exact arithmetic.
 *
 * <p>The search space is the reference's (Rosetta Code's "24 game/Solve"): the distinct permutations of the
 * values in ascending lexicographic order, x the 64 operator triples over {@code + - * /} in product order, x
 * seven bracket placements: none, {@code (ab)cd}, {@code (abc)d}, {@code a(bc)d}, {@code a(bcd)},
 * {@code ab(cd)}, {@code (ab)(cd)}. Each candidate is read with the usual precedence, so together these cover
 * every binary tree shape. A candidate that divides by zero is skipped. The strings have no spaces, e.g.
 * {@code (1+2)*(3+4)}. The reference shuffles the permutations before it searches; this solver does not, so its
 * order is deterministic while the set of strings is the reference's.
 *
 * <p>Values must lie in 0..100 and the target in -10^6..10^6, which keeps the long arithmetic exact. Thread-safe;
 * results for the multiset of values and the target are cached (a bounded cache).
 */
public final class Solver {
    /** The largest card value accepted (the reference's values are 1..13). */
    public static final int MAX_VALUE = 100;
    /** The largest absolute target accepted. */
    public static final int MAX_TARGET = 1_000_000;

    private static final char[] OPS = {'+', '-', '*', '/'};
    /** The reference's bracket insertion points into [d0, o0, d1, o1, d2, o2, d3, ""], applied in order. */
    private static final int[][] BRACKETS = {{}, {0, 4}, {0, 6}, {2, 6}, {2, 8}, {4, 8}, {0, 4, 6, 10}};
    private static final List<Program> PROGRAMS = compileAll();
    private static final int[][] INDEX_PERMUTATIONS = indexPermutations();
    private static final int CACHE_LIMIT = 8192;
    private static final Map<String, List<String>> CACHE = new ConcurrentHashMap<>();

    private Solver() {}

    /**
     * Every formula string that evaluates exactly to {@code target}, in the solver's deterministic order
     * (permutation, then operators, then brackets). The list is unmodifiable.
     */
    public static List<String> solutions(List<Integer> values, int target) {
        int[] v = check(values, target);
        int[] sorted = v.clone();
        Arrays.sort(sorted);
        String key = Arrays.toString(sorted) + "=" + target;
        List<String> cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> found = Collections.unmodifiableList(search(sorted, target, false));
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(key, found);
        }
        return found;
    }

    /** The first formula in {@link #solutions} order, if any. */
    public static Optional<String> firstSolution(List<Integer> values, int target) {
        List<String> all = solutions(values, target);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Whether any formula reaches {@code target}; stops at the first hit and builds no strings. */
    public static boolean isSolvable(List<Integer> values, int target) {
        int[] sorted = check(values, target).clone();
        Arrays.sort(sorted);
        return !search(sorted, target, true).isEmpty();
    }

    /** Solves without the cache: every call enumerates the whole space (for benchmarks). */
    public static List<String> solveUncached(List<Integer> values, int target) {
        int[] sorted = check(values, target).clone();
        Arrays.sort(sorted);
        return search(sorted, target, false);
    }

    private static int[] check(List<Integer> values, int target) {
        if (values == null || values.size() != 4) {
            throw new IllegalArgumentException("the solver needs exactly 4 values, got " + values);
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            Integer x = values.get(i);
            if (x == null || x < 0 || x > MAX_VALUE) {
                throw new IllegalArgumentException("solver values must be in 0.." + MAX_VALUE + ", got " + values);
            }
            v[i] = x;
        }
        if (Math.abs((long) target) > MAX_TARGET) {
            throw new IllegalArgumentException("solver target must be within +-" + MAX_TARGET + ", got " + target);
        }
        return v;
    }

    private static List<String> search(int[] sorted, int target, boolean stopAtFirst) {
        List<String> out = new ArrayList<>();
        long[] num = new long[4];
        long[] den = new long[4];
        for (int[] perm : distinctPermutations(sorted)) {
            for (Program p : PROGRAMS) {
                if (p.hits(perm, target, num, den)) {
                    out.add(p.render(perm));
                    if (stopAtFirst) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /** Distinct orderings of the values, ascending lexicographically like Python's sorted(set(permutations)). */
    private static List<int[]> distinctPermutations(int[] values) {
        TreeSet<int[]> set = new TreeSet<>(Arrays::compare);
        for (int[] idx : INDEX_PERMUTATIONS) {
            set.add(new int[] {values[idx[0]], values[idx[1]], values[idx[2]], values[idx[3]]});
        }
        return new ArrayList<>(set);
    }

    private static int[][] indexPermutations() {
        List<int[]> all = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    int d = 6 - a - b - c;
                    if (a != b && a != c && b != c && d != a && d != b && d != c) {
                        all.add(new int[] {a, b, c, d});
                    }
                }
            }
        }
        return all.toArray(new int[0][]);
    }

    private static List<Program> compileAll() {
        List<Program> programs = new ArrayList<>();
        for (char o0 : OPS) {
            for (char o1 : OPS) {
                for (char o2 : OPS) {
                    for (int[] b : BRACKETS) {
                        programs.add(Program.compile(new char[] {o0, o1, o2}, b));
                    }
                }
            }
        }
        return List.copyOf(programs);
    }

    /**
     * One operator triple with one bracket placement: its infix tokens (operands as {@code '0'..'3'}) for
     * rendering and its postfix form for evaluation.
     */
    private record Program(char[] infix, char[] postfix) {
        static Program compile(char[] ops, int[] brackets) {
            List<Character> tokens = new ArrayList<>(List.of('0', ops[0], '1', ops[1], '2', ops[2], '3', ' '));
            for (int i = 0; i < brackets.length; i++) {
                tokens.add(brackets[i], i % 2 == 0 ? '(' : ')');
            }
            StringBuilder infix = new StringBuilder();
            for (char t : tokens) {
                if (t != ' ') {
                    infix.append(t);
                }
            }
            return new Program(infix.toString().toCharArray(), toPostfix(infix.toString()));
        }

        /** Shunting-yard with the usual precedence; all four operators are left-associative. */
        private static char[] toPostfix(String infix) {
            StringBuilder out = new StringBuilder();
            StringBuilder stack = new StringBuilder();
            for (char t : infix.toCharArray()) {
                if (t >= '0' && t <= '3') {
                    out.append(t);
                } else if (t == '(') {
                    stack.append(t);
                } else if (t == ')') {
                    while (stack.charAt(stack.length() - 1) != '(') {
                        out.append(pop(stack));
                    }
                    pop(stack);
                } else {
                    while (stack.length() > 0 && stack.charAt(stack.length() - 1) != '('
                            && precedence(stack.charAt(stack.length() - 1)) >= precedence(t)) {
                        out.append(pop(stack));
                    }
                    stack.append(t);
                }
            }
            while (stack.length() > 0) {
                out.append(pop(stack));
            }
            return out.toString().toCharArray();
        }

        private static char pop(StringBuilder stack) {
            char c = stack.charAt(stack.length() - 1);
            stack.setLength(stack.length() - 1);
            return c;
        }

        private static int precedence(char op) {
            return op == '*' || op == '/' ? 2 : 1;
        }

        /** Evaluates exactly as unreduced fractions; false on division by zero. */
        boolean hits(int[] values, int target, long[] num, long[] den) {
            int sp = 0;
            for (char t : postfix) {
                if (t >= '0' && t <= '3') {
                    num[sp] = values[t - '0'];
                    den[sp] = 1;
                    sp++;
                    continue;
                }
                sp--;
                long bn = num[sp];
                long bd = den[sp];
                long an = num[sp - 1];
                long ad = den[sp - 1];
                switch (t) {
                    case '+' -> {
                        num[sp - 1] = an * bd + bn * ad;
                        den[sp - 1] = ad * bd;
                    }
                    case '-' -> {
                        num[sp - 1] = an * bd - bn * ad;
                        den[sp - 1] = ad * bd;
                    }
                    case '*' -> {
                        num[sp - 1] = an * bn;
                        den[sp - 1] = ad * bd;
                    }
                    default -> {
                        if (bn == 0) {
                            return false;
                        }
                        num[sp - 1] = an * bd;
                        den[sp - 1] = ad * bn;
                    }
                }
            }
            return num[0] == (long) target * den[0];
        }

        String render(int[] values) {
            StringBuilder sb = new StringBuilder(16);
            for (char t : infix) {
                if (t >= '0' && t <= '3') {
                    sb.append(values[t - '0']);
                } else {
                    sb.append(t);
                }
            }
            return sb.toString();
        }
    }
}
