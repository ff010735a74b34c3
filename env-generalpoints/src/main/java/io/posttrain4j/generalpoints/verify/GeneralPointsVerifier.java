package io.posttrain4j.generalpoints.verify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.generalpoints.GeneralPointsTask;

/**
 * The GeneralPoints judge: the reference's {@code step_rewards} check by check, in its order, with its rewards
 * and feedback texts.
 *
 * <ol>
 *   <li>GP-VL only: the recognised cards, sorted, differ from the true names: -1.5, {@code you recognized wrong
 *       cards} (returned as is, without the final period, as the reference returns it).
 *   <li>The tokens {@code \d+|[+\-*&#47;()]} do not re-form the formula: -3, {@code illegal characters}.
 *   <li>Grammar scan, -3 per violation.
 *   <li>An unknown number, else an overused one: -2; independently an unused card value: -2.
 *   <li>All clean and the value equals the target: +5 {@code Correct solution}; evaluation fails and a solver
 *       string starts with the formula: +1 {@code partial solution}; otherwise -1 at the first token prefix no
 *       solver string starts with.
 * </ol>
 * The feedback is the messages joined with ", " plus ".". {@link VerifierMode#EXACT} evaluates with fractions and
 * flags an unclosed {@code (}; {@link VerifierMode#REFERENCE} evaluates like Python (floats after a division).
 * Never throws for any response text; thread-safe.
 */
public final class GeneralPointsVerifier implements Verifier<GeneralPointsTask> {
    /** Reward of a correct formula; the episode ends on it. */
    public static final double CORRECT = 5;
    static final double PARTIAL = 1;
    static final double NO_SOLUTION = -1;
    static final double INCORRECT_VISION = -1.5;
    static final double INCORRECT_NUMBER = -2;
    static final double ILLEGAL_FORMULA = -3;

    /** Python's {@code \d} in a str pattern is any Unicode decimal digit. */
    private static final Pattern TOKEN = Pattern.compile("\\d+|[+\\-*/()]", Pattern.UNICODE_CHARACTER_CLASS);

    private final VerifierMode mode;

    public GeneralPointsVerifier(VerifierMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public VerifierMode mode() {
        return mode;
    }

    @Override
    public Verdict verify(GeneralPointsTask task, String response) {
        Objects.requireNonNull(task, "task");
        ParsedResponse parsed = ResponseParser.parse(response);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", mode.label());
        details.put("formula", parsed.formula());
        details.put("recognizedCards", parsed.recognizedCards());
        if (!task.languageOnly()) {
            List<String> truth = new ArrayList<>(task.cardNames());
            List<String> seen = new ArrayList<>(parsed.recognizedCards());
            truth.sort(null);
            seen.sort(null);
            boolean ok = truth.equals(seen);
            details.put("cardsCorrect", ok);
            if (!ok) {
                String msg = "you recognized wrong cards";
                details.put("messages", List.of(msg));
                return new Verdict(INCORRECT_VISION, false, msg, details);
            }
        }
        Result r = new Result();
        check(task, parsed, r, details);
        details.put("messages", List.copyOf(r.messages));
        String feedback = String.join(", ", r.messages) + ".";
        return new Verdict(r.reward, r.reward == CORRECT, feedback, details);
    }

    private void check(GeneralPointsTask task, ParsedResponse parsed, Result r, Map<String, Object> details) {
        String formula = parsed.formula();
        if (!parsed.formulaIsText()) {
            // The reference raises a TypeError here; an answer that is not text is not a legal formula.
            r.add(ILLEGAL_FORMULA, "illegal characters");
            return;
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        Matcher m = TOKEN.matcher(formula);
        while (m.find()) {
            tokens.add(m.group());
            joined.append(m.group());
        }
        if (!joined.toString().equals(formula)) {
            r.add(ILLEGAL_FORMULA, "illegal characters");
            return;
        }
        scanGrammar(tokens, r);
        checkNumbers(task.cardValues(), tokens, r);
        if (r.reward != 0 || !r.messages.isEmpty()) {
            return;
        }
        List<String> solutions = task.solutions();
        Optional<FormulaEvaluator.Value> value = FormulaEvaluator.evaluate(tokens, mode == VerifierMode.EXACT);
        value.ifPresent(v -> details.put("value", v.display()));
        if (value.isPresent()) {
            if (value.get().equalsInteger(task.target())) {
                r.add(CORRECT, "Correct solution");
                return;
            }
        } else if (solutions.stream().anyMatch(s -> s.startsWith(formula))) {
            r.add(PARTIAL, "partial solution");
            return;
        }
        StringBuilder register = new StringBuilder();
        for (String token : tokens) {
            String previous = register.toString();
            register.append(token);
            String prefix = register.toString();
            if (solutions.stream().noneMatch(s -> s.startsWith(prefix))) {
                r.add(NO_SOLUTION, previous.isEmpty() ? "your formula does not match any solution"
                        : previous + " is partially correct but the full formula does not match any solution");
                break;
            }
        }
    }

    private void scanGrammar(List<String> tokens, Result r) {
        Kind prev = null;
        int open = 0;
        for (String token : tokens) {
            Kind kind = Kind.of(token);
            switch (kind) {
                case NUMBER -> {
                    if (!(prev == null || prev == Kind.OPERATOR || prev == Kind.OPEN)) {
                        r.add(ILLEGAL_FORMULA, "invalid sequence after number");
                    }
                }
                case OPERATOR -> {
                    if (!(prev == Kind.NUMBER || prev == Kind.CLOSE)) {
                        r.add(ILLEGAL_FORMULA, "invalid sequence after operator");
                    }
                }
                case OPEN -> {
                    if (prev == null || prev == Kind.OPERATOR || prev == Kind.OPEN) {
                        open++;
                    } else {
                        r.add(ILLEGAL_FORMULA, "invalid sequence before '('");
                    }
                }
                case CLOSE -> {
                    if (prev == Kind.NUMBER || prev == Kind.CLOSE) {
                        if (open > 0) {
                            open--;
                        } else {
                            r.add(ILLEGAL_FORMULA, "unmatched closing parenthesis");
                        }
                    } else {
                        r.add(ILLEGAL_FORMULA, "invalid sequence after ')'");
                    }
                }
            }
            prev = kind;
        }
        if (mode == VerifierMode.EXACT && open > 0) {
            r.add(ILLEGAL_FORMULA, "unmatched opening parenthesis");
        }
    }

    private static void checkNumbers(List<Integer> cardValues, List<String> tokens, Result r) {
        Map<BigInteger, Integer> used = new LinkedHashMap<>();
        for (String t : tokens) {
            if (Character.isDigit(t.codePointAt(0))) {
                used.merge(pythonInt(t), 1, Integer::sum);
            }
        }
        Map<BigInteger, Integer> cards = new LinkedHashMap<>();
        for (int v : cardValues) {
            cards.merge(BigInteger.valueOf(v), 1, Integer::sum);
        }
        List<BigInteger> invalid = new ArrayList<>();
        List<BigInteger> overused = new ArrayList<>();
        for (Map.Entry<BigInteger, Integer> e : used.entrySet()) {
            Integer have = cards.get(e.getKey());
            if (have == null) {
                invalid.add(e.getKey());
            }
            if (e.getValue() > (have == null ? 0 : have)) {
                overused.add(e.getKey());
            }
        }
        if (!invalid.isEmpty()) {
            r.add(INCORRECT_NUMBER, "you used invalid numbers: " + pythonList(invalid));
        } else if (!overused.isEmpty()) {
            r.add(INCORRECT_NUMBER, "you used numbers: " + pythonList(overused) + " too many times");
        }
        List<BigInteger> unused = new ArrayList<>();
        for (Map.Entry<BigInteger, Integer> e : cards.entrySet()) {
            if (e.getValue() > used.getOrDefault(e.getKey(), 0)) {
                unused.add(e.getKey());
            }
        }
        if (!unused.isEmpty()) {
            r.add(INCORRECT_NUMBER, "you didn't use numbers: " + pythonList(unused));
        }
    }

    /** Python's {@code int()} of a run of decimal digits of any script. */
    private static BigInteger pythonInt(String digits) {
        StringBuilder ascii = new StringBuilder(digits.length());
        digits.codePoints().forEach(c -> ascii.append((char) ('0' + Character.digit(c, 10))));
        return new BigInteger(ascii.toString());
    }

    private static String pythonList(List<BigInteger> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(xs.get(i));
        }
        return sb.append(']').toString();
    }

    private enum Kind {
        NUMBER,
        OPERATOR,
        OPEN,
        CLOSE;

        static Kind of(String token) {
            return switch (token) {
                case "+", "-", "*", "/" -> OPERATOR;
                case "(" -> OPEN;
                case ")" -> CLOSE;
                default -> NUMBER;
            };
        }
    }

    /** The reference's StepResult: a running reward and the messages in order. */
    private static final class Result {
        double reward;
        final List<String> messages = new ArrayList<>();

        void add(double delta, String message) {
            reward += delta;
            messages.add(message);
        }
    }
}
