package io.posttrain4j.generalpoints.game;

/**
 * An exact fraction over {@code long}, always in lowest terms with a positive denominator. Arithmetic throws
 * {@link ArithmeticException} on division by zero and on overflow, never rounds.
 *
 * @param num numerator
 * @param den denominator, positive
 */
public record Rational(long num, long den) implements Comparable<Rational> {
    public static final Rational ZERO = new Rational(0, 1);

    public Rational {
        if (den == 0) {
            throw new ArithmeticException("division by zero: " + num + "/0");
        }
        if (den < 0) {
            num = Math.negateExact(num);
            den = Math.negateExact(den);
        }
        long g = gcd(Math.abs(num), den);
        if (g > 1) {
            num /= g;
            den /= g;
        }
    }

    /** The integer {@code n}. */
    public static Rational of(long n) {
        return new Rational(n, 1);
    }

    /** This plus {@code o}. */
    public Rational plus(Rational o) {
        return new Rational(Math.addExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)),
                Math.multiplyExact(den, o.den));
    }

    /** This minus {@code o}. */
    public Rational minus(Rational o) {
        return new Rational(Math.subtractExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)),
                Math.multiplyExact(den, o.den));
    }

    /** This times {@code o}. */
    public Rational times(Rational o) {
        return new Rational(Math.multiplyExact(num, o.num), Math.multiplyExact(den, o.den));
    }

    /** This divided by {@code o}; throws {@link ArithmeticException} when {@code o} is zero. */
    public Rational dividedBy(Rational o) {
        if (o.num == 0) {
            throw new ArithmeticException("division by zero");
        }
        return new Rational(Math.multiplyExact(num, o.den), Math.multiplyExact(den, o.num));
    }

    /** Whether this equals the integer {@code n}. */
    public boolean isInteger(long n) {
        return den == 1 && num == n;
    }

    @Override
    public int compareTo(Rational o) {
        return Long.compare(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den));
    }

    @Override
    public String toString() {
        return den == 1 ? Long.toString(num) : num + "/" + den;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
