package io.posttrain4j.generalpoints.verify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import io.posttrain4j.generalpoints.game.Rational;

/**
 * Evaluates a formula made only of number, operator and parenthesis tokens, the way Python's {@code eval} would
 * accept it, either in Python's own arithmetic (ints, then floats after a {@code /}) or exactly with fractions.
 *
 * <p>Evaluation fails (empty result), as Python's would raise, on: a syntax error (a dangling operator, an
 * unclosed or stray parenthesis, an empty formula), a number with a leading zero such as {@code 08}, a digit
 * outside ASCII (Python's tokenizer rejects it although {@code int()} accepts it), and division by zero. In
 * Python's arithmetic more than 200 nested parentheses fail too (Python's parser refuses them, at any depth
 * beyond 200); exact evaluation has no nesting limit. Evaluation is iterative (operator precedence with explicit
 * stacks), so no depth of nesting can overflow the call stack; time is linear in the number of tokens. Results
 * are compared with the target by the caller.
 */
final class FormulaEvaluator {
    /** Python's parser refuses deeper nesting ("too many nested parentheses"). */
    static final int MAX_NESTING = 200;

    private FormulaEvaluator() {}

    /** The value of the token sequence, or empty where Python's eval would raise. */
    static Optional<Value> evaluate(List<String> tokens, boolean exact) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        int level = 0;
        for (String t : tokens) {
            if (t.equals("(")) {
                level++;
                if (!exact && level > MAX_NESTING) {
                    return Optional.empty();
                }
            } else if (t.equals(")")) {
                level--;
            } else if (Character.isDigit(t.codePointAt(0)) && !validLiteral(t)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(run(tokens, exact));
        } catch (SyntaxError | ArithmeticException ex) {
            return Optional.empty();
        }
    }

    /**
     * Operator precedence with a value stack and an operator stack: left-associative, {@code * /} before
     * {@code + -}, the same grouping (so the same floating-point results) as Python's parser.
     */
    private static Value run(List<String> tokens, boolean exact) {
        Deque<Value> values = new ArrayDeque<>();
        Deque<String> ops = new ArrayDeque<>();
        boolean expectOperand = true;
        for (String t : tokens) {
            if (expectOperand) {
                if (t.equals("(")) {
                    ops.push(t);
                } else if (Character.isDigit(t.charAt(0))) {
                    values.push(literal(t, exact));
                    expectOperand = false;
                } else {
                    throw new SyntaxError();
                }
            } else if (t.equals(")")) {
                while (!ops.isEmpty() && !ops.peek().equals("(")) {
                    apply(values, ops.pop());
                }
                if (ops.isEmpty()) {
                    throw new SyntaxError();
                }
                ops.pop();
            } else if (precedence(t) > 0) {
                while (!ops.isEmpty() && precedence(ops.peek()) >= precedence(t)) {
                    apply(values, ops.pop());
                }
                ops.push(t);
                expectOperand = true;
            } else {
                throw new SyntaxError();
            }
        }
        if (expectOperand) {
            throw new SyntaxError();
        }
        while (!ops.isEmpty()) {
            String op = ops.pop();
            if (op.equals("(")) {
                throw new SyntaxError();
            }
            apply(values, op);
        }
        return values.pop();
    }

    private static int precedence(String op) {
        return switch (op) {
            case "+", "-" -> 1;
            case "*", "/" -> 2;
            default -> 0;
        };
    }

    private static void apply(Deque<Value> values, String op) {
        Value r = values.pop();
        Value l = values.pop();
        values.push(switch (op) {
            case "+" -> l.plus(r);
            case "-" -> l.minus(r);
            case "*" -> l.times(r);
            default -> l.dividedBy(r);
        });
    }

    private static Value literal(String t, boolean exact) {
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException tooLong) {
            // Only card values reach evaluation, so a huge literal cannot occur; refuse rather than guess.
            throw new ArithmeticException("literal out of range: " + t);
        }
        return exact ? new Value(Rational.of(n), 0, false, false) : new Value(null, n, false, true);
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
