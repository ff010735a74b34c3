package io.posttrain4j.generalpoints.verify;

import java.math.BigDecimal;
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
import io.posttrain4j.generalpoints.game.GeneralPointsTask;

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
 * The feedback is the messages joined with ", " plus ".". {@link VerifierMode#REFERENCE} is the study to the
 * letter: Python's floating point, {@code \d} matching any Unicode digit, text after the {@code =} ignored, more
 * than 200 nested parentheses not evaluated. {@link VerifierMode#EXACT} differs in five documented ways: exact
 * fractions; an unclosed {@code (} is a grammar violation; only ASCII digits are legal (others are
 * {@code illegal characters}); no nesting limit; and a result stated after the {@code =} must equal the
 * formula's value, else -1 {@code the formula's value is V but the answer states S} instead of +5.
 *
 * <p>{@link VerifierLimits} optionally bound the reward from below, the feedback length and the response length
 * (the environment sets them for training; {@link VerifierLimits#NONE} by default here). Never throws for any
 * response text; time and memory are linear in the response length; thread-safe.
 */
public final class GeneralPointsVerifier implements Verifier<GeneralPointsTask> {
    /** Reward of a correct formula; the episode ends on it. */
    public static final double CORRECT = 5;
    static final double PARTIAL = 1;
    static final double NO_SOLUTION = -1;
    static final double INCORRECT_VISION = -1.5;
    static final double INCORRECT_NUMBER = -2;
    static final double ILLEGAL_FORMULA = -3;

    /** Numbers 0..99 as tokens, shared rather than cut out of the formula each time. */
    private static final String[] SMALL = new String[100];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).intern();
        }
    }
    /** A stated result the exact mode compares with the value: an ASCII decimal, optionally signed. */
    private static final Pattern STATED_NUMBER = Pattern.compile("\\s*([+-]?[0-9]{1,30}(?:\\.[0-9]{1,30})?)\\s*");
    /** How much of a stated result a feedback message quotes. */
    private static final int QUOTED_CHARS = 20;

    private final VerifierMode mode;
    private final VerifierLimits limits;

    /** A verifier without limits: the study's rewards and feedback in full. */
    public GeneralPointsVerifier(VerifierMode mode) {
        this(mode, VerifierLimits.NONE);
    }

    public GeneralPointsVerifier(VerifierMode mode, VerifierLimits limits) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public VerifierMode mode() {
        return mode;
    }

    public VerifierLimits limits() {
        return limits;
    }

    @Override
    public Verdict verify(GeneralPointsTask task, String response) {
        Objects.requireNonNull(task, "task");
        String text = response == null ? "" : response;
        if (text.length() > limits.maxResponseChars()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mode", mode.label());
            details.put("responseChars", text.length());
            String msg = "your response is too long (" + text.length() + " characters; at most "
                    + limits.maxResponseChars() + " are judged)";
            details.put("messages", List.of(msg));
            return new Verdict(ILLEGAL_FORMULA, false, limits.cutFeedback(msg + "."), details);
        }
        Verdict v = judge(task, text);
        if (!limits.any()) {
            return v;
        }
        double reward = Math.max(v.reward(), limits.rewardFloor());
        Map<String, Object> details = v.details();
        if (reward != v.reward()) {
            details = new LinkedHashMap<>(details);
            details.put("uncappedReward", v.reward());
        }
        return new Verdict(reward, v.success(), limits.cutFeedback(v.feedback()), details);
    }

    private Verdict judge(GeneralPointsTask task, String response) {
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
        List<String> tokens = tokens(formula, mode == VerifierMode.EXACT);
        if (tokens == null) {
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
                String stated = parsed.statedResult();
                if (mode == VerifierMode.EXACT && stated != null && !statesTarget(stated, task.target())) {
                    r.add(NO_SOLUTION, "the formula's value is " + task.target() + " but the answer states "
                            + quote(stated));
                    return;
                }
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

    /**
     * The reference's tokens {@code \d+|[+\-*&#47;()]} of {@code formula}, or null when they do not re-form it
     * (some character is neither a digit nor an operator or parenthesis). Python's {@code \d} is any Unicode
     * decimal digit; the exact mode takes ASCII digits only.
     */
    private static List<String> tokens(String formula, boolean asciiDigits) {
        List<String> tokens = new ArrayList<>();
        int n = formula.length();
        int i = 0;
        while (i < n) {
            char c = formula.charAt(i);
            switch (c) {
                case '+' -> tokens.add("+");
                case '-' -> tokens.add("-");
                case '*' -> tokens.add("*");
                case '/' -> tokens.add("/");
                case '(' -> tokens.add("(");
                case ')' -> tokens.add(")");
                default -> {
                    int start = i;
                    while (i < n) {
                        int cp = formula.codePointAt(i);
                        if (asciiDigits ? cp < '0' || cp > '9' : !Character.isDigit(cp)) {
                            break;
                        }
                        i += Character.charCount(cp);
                    }
                    if (i == start) {
                        return null;
                    }
                    tokens.add(number(formula, start, i));
                    continue;
                }
            }
            i++;
        }
        return tokens;
    }

    private static String number(String formula, int start, int end) {
        int len = end - start;
        char a = formula.charAt(start);
        if (len == 1 && a >= '0' && a <= '9') {
            return SMALL[a - '0'];
        }
        if (len == 2 && a >= '1' && a <= '9') {
            char b = formula.charAt(start + 1);
            if (b >= '0' && b <= '9') {
                return SMALL[(a - '0') * 10 + (b - '0')];
            }
        }
        return formula.substring(start, end);
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
        Map<String, Integer> used = new LinkedHashMap<>();
        for (String t : tokens) {
            if (Character.isDigit(t.codePointAt(0))) {
                used.merge(pythonInt(t), 1, Integer::sum);
            }
        }
        Map<String, Integer> cards = new LinkedHashMap<>();
        for (int v : cardValues) {
            cards.merge(Integer.toString(v), 1, Integer::sum);
        }
        List<String> invalid = new ArrayList<>();
        List<String> overused = new ArrayList<>();
        for (Map.Entry<String, Integer> e : used.entrySet()) {
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
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, Integer> e : cards.entrySet()) {
            if (e.getValue() > used.getOrDefault(e.getKey(), 0)) {
                unused.add(e.getKey());
            }
        }
        if (!unused.isEmpty()) {
            r.add(INCORRECT_NUMBER, "you didn't use numbers: " + pythonList(unused));
        }
    }

    /**
     * Python's {@code int()} of a run of decimal digits of any script, as Python prints it: ASCII digits without
     * leading zeros. Kept as text, so that comparing and printing stay linear for literals of any length.
     */
    private static String pythonInt(String digits) {
        if (digits.charAt(0) >= '1' && digits.charAt(0) <= '9' && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return digits;
        }
        StringBuilder ascii = new StringBuilder(digits.length());
        digits.codePoints().forEach(c -> {
            if (ascii.length() > 0 || Character.digit(c, 10) != 0) {
                ascii.append((char) ('0' + Character.digit(c, 10)));
            }
        });
        return ascii.length() == 0 ? "0" : ascii.toString();
    }

    /** Whether the text after the {@code =} is a decimal number equal to {@code target}. */
    private static boolean statesTarget(String stated, int target) {
        if (stated.isBlank()) {
            return true;
        }
        if (stated.length() > 100) {
            return false;
        }
        Matcher m = STATED_NUMBER.matcher(stated);
        return m.matches() && new BigDecimal(m.group(1)).compareTo(BigDecimal.valueOf(target)) == 0;
    }

    private static String quote(String stated) {
        String s = stated.strip();
        if (s.length() > QUOTED_CHARS) {
            int end = QUOTED_CHARS;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            s = s.substring(0, end) + "...";
        }
        return "'" + s + "'";
    }

    private static String pythonList(List<String> xs) {
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
