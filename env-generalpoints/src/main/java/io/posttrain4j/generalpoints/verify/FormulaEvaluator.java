package io.posttrain4j.generalpoints.verify;

import java.util.List;
import java.util.Optional;

import io.posttrain4j.generalpoints.Rational;

/**
 * Evaluates a formula made only of number, operator and parenthesis tokens, the way Python's {@code eval} would
 * accept it, either in Python's own arithmetic (ints, then floats after a {@code /}) or exactly with fractions.
 *
 * <p>Evaluation fails (empty result), as Python's would raise, on: a syntax error (a dangling operator, an
 * unclosed or stray parenthesis, an empty formula), a number with a leading zero such as {@code 08}, a digit
 * outside ASCII (Python's tokenizer rejects it although {@code int()} accepts it), more than 200 nested
 * parentheses, and division by zero. Results are compared with the target by the caller.
 */
final class FormulaEvaluator {
    /** Python's parser refuses deeper nesting ("too many nested parentheses"). */
    static final int MAX_NESTING = 200;

    private final List<String> tokens;
    private final boolean exact;
    private int pos;

    private FormulaEvaluator(List<String> tokens, boolean exact) {
        this.tokens = tokens;
        this.exact = exact;
    }

    /** The value of the token sequence, or empty where Python's eval would raise. */
    static Optional<Value> evaluate(List<String> tokens, boolean exact) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        int level = 0;
        for (String t : tokens) {
            if (t.equals("(")) {
                level++;
                if (level > MAX_NESTING) {
                    return Optional.empty();
                }
            } else if (t.equals(")")) {
                level--;
            } else if (Character.isDigit(t.codePointAt(0)) && !validLiteral(t)) {
                return Optional.empty();
            }
        }
        FormulaEvaluator e = new FormulaEvaluator(tokens, exact);
        try {
            Value v = e.expression();
            if (e.pos != tokens.size()) {
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (SyntaxError | ArithmeticException ex) {
            return Optional.empty();
        }
    }

    /** ASCII digits and no leading zero unless all zeros: Python 3's rule for decimal literals. */
    private static boolean validLiteral(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return t.charAt(0) != '0' || t.chars().allMatch(c -> c == '0');
    }

    private Value expression() {
        Value v = term();
        while (pos < tokens.size() && (peek().equals("+") || peek().equals("-"))) {
            String op = tokens.get(pos++);
            Value r = term();
            v = op.equals("+") ? v.plus(r) : v.minus(r);
        }
        return v;
    }

    private Value term() {
        Value v = factor();
        while (pos < tokens.size() && (peek().equals("*") || peek().equals("/"))) {
            String op = tokens.get(pos++);
            Value r = factor();
            v = op.equals("*") ? v.times(r) : v.dividedBy(r);
        }
        return v;
    }

    private Value factor() {
        if (pos >= tokens.size()) {
            throw new SyntaxError();
        }
        String t = tokens.get(pos++);
        if (t.equals("(")) {
            Value v = expression();
            if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
                throw new SyntaxError();
            }
            pos++;
            return v;
        }
        if (!Character.isDigit(t.charAt(0))) {
            throw new SyntaxError();
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException tooLong) {
            // Only card values reach evaluation, so a huge literal cannot occur; refuse rather than guess.
            throw new ArithmeticException("literal out of range: " + t);
        }
        return exact ? new Value(Rational.of(n), 0, false, false) : new Value(null, n, false, true);
    }

    private String peek() {
        return tokens.get(pos);
    }

    /** Python's eval would raise SyntaxError. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError() {
            super(null, null, false, false);
        }
    }

    /**
     * A number: an exact fraction, or a Python number (an int while only + - * were used, a float after a /).
     */
    record Value(Rational exactValue, double pyValue, boolean pyFloat, boolean python) {
        Value plus(Value o) {
            if (!python) {
                return new Value(exactValue.plus(o.exactValue), 0, false, false);
            }
            return py(pyValue + o.pyValue, pyFloat || o.pyFloat);
        }

        Value minus(Value o) {
            if (!python) {
                return new Value(exactValue.minus(o.exactValue), 0, false, false);
            }
            return py(pyValue - o.pyValue, pyFloat || o.pyFloat);
        }

        Value times(Value o) {
            if (!python) {
                return new Value(exactValue.times(o.exactValue), 0, false, false);
            }
            return py(pyValue * o.pyValue, pyFloat || o.pyFloat);
        }

        Value dividedBy(Value o) {
            if (!python) {
                return new Value(exactValue.dividedBy(o.exactValue), 0, false, false);
            }
            if (o.pyValue == 0) {
                throw new ArithmeticException("ZeroDivisionError");
            }
            // int / int is Python's true division; for ints exact in a double it is the IEEE quotient.
            return py(pyValue / o.pyValue, true);
        }

        private static Value py(double v, boolean isFloat) {
            return new Value(null, v, isFloat, true);
        }

        /** Python's {@code value == target}: exact comparison for ints and floats alike. */
        boolean equalsInteger(long target) {
            return python ? pyValue == (double) target : exactValue.isInteger(target);
        }

        /** The value as Python would print it (floats with repr) or as a fraction. */
        String display() {
            if (!python) {
                return exactValue.toString();
            }
            return pyFloat ? Double.toString(pyValue) : Long.toString((long) pyValue);
        }
    }
}
