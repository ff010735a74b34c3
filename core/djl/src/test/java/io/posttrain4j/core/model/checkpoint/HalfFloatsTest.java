package io.posttrain4j.core.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    /** The IEEE binary16 value of {@code h} from the textbook formula, in double precision. */
    private static double referenceF16(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        double s = sign == 1 ? -1.0 : 1.0;
        if (exp == 0x1F) {
            return mantissa == 0 ? s * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exp == 0) {
            return s * Math.pow(2, -14) * (mantissa / 1024.0);
        }
        return s * Math.pow(2, exp - 15) * (1 + mantissa / 1024.0);
    }

    @Test
    void everyF16PatternWidensToTheReferenceValue() {
        for (int h = 0; h < 1 << 16; h++) {
            float got = HalfFloats.f16ToFloat((short) h);
            double want = referenceF16(h);
            if (Double.isNaN(want)) {
                assertThat(got).as("pattern 0x%04x", h).isNaN();
            } else {
                assertThat((double) got).as("pattern 0x%04x", h).isEqualTo(want);
                // Signed zeros must keep their sign.
                assertThat(Math.copySign(1f, got)).as("sign of 0x%04x", h).isEqualTo(h >= 0x8000 ? -1f : 1f);
            }
        }
    }

    @Test
    void everyNonNanF16PatternSurvivesARoundTripThroughFloat() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = HalfFloats.f16ToFloat((short) h);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToF16(f) & 0xFFFF).as("pattern 0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void narrowingToF16RoundsToNearestAndTiesToEven() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(rng.nextInt());
            if (Float.isNaN(f)) {
                assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f))).isNaN();
                continue;
            }
            short h = HalfFloats.floatToF16(f);
            double got = HalfFloats.f16ToFloat(h);
            double err = Math.abs(got - f);
            // No other finite F16 may lie strictly closer; on a tie the chosen pattern must be even.
            for (int neighbour : new int[] {(h & 0xFFFF) - 1, (h & 0xFFFF) + 1}) {
                if (neighbour < 0 || neighbour > 0xFFFF) {
                    continue;
                }
                double other = referenceF16(neighbour);
                if (Double.isNaN(other) || Double.isInfinite(other) || Double.isInfinite(got)) {
                    continue;
                }
                double otherErr = Math.abs(other - f);
                assertThat(err).as("%s -> 0x%04x", f, h).isLessThanOrEqualTo(otherErr);
                if (err == otherErr) {
                    assertThat(h & 1).as("tie %s -> 0x%04x", f, h).isZero();
                }
            }
        }
    }

    @Test
    void f16OverflowAndUnderflowFollowIeee() {
        assertThat(HalfFloats.floatToF16(65504f)).isEqualTo((short) 0x7BFF);
        assertThat(HalfFloats.floatToF16(65519.99f)).isEqualTo((short) 0x7BFF);
        assertThat(HalfFloats.floatToF16(65520f)).isEqualTo((short) 0x7C00);
        assertThat(HalfFloats.floatToF16(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xFC00);
        assertThat(HalfFloats.floatToF16((float) Math.pow(2, -25))).isEqualTo((short) 0);
        assertThat(HalfFloats.floatToF16((float) (Math.pow(2, -25) * 1.0001))).isEqualTo((short) 1);
        assertThat(HalfFloats.floatToF16((float) (3 * Math.pow(2, -25)))).isEqualTo((short) 2);
        assertThat(HalfFloats.floatToF16(-0f)).isEqualTo((short) 0x8000);
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = HalfFloats.bf16ToFloat((short) h);
            assertThat(Float.floatToRawIntBits(f)).isEqualTo(h << 16);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToBf16(f) & 0xFFFF).isEqualTo(h);
            }
        }
    }

    @Test
    void narrowingToBf16RoundsToNearestEvenAndKeepsNan() {
        // 1 + 2^-8 lies half-way between 1 and 1 + 2^-7: ties go to the even pattern, 1.0 (0x3F80).
        assertThat(HalfFloats.floatToBf16(1f + (float) Math.pow(2, -8))).isEqualTo((short) 0x3F80);
        // 1 + 3 * 2^-8 lies half-way between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        assertThat(HalfFloats.floatToBf16(1f + 3 * (float) Math.pow(2, -8))).isEqualTo((short) 0x3F82);
        assertThat(HalfFloats.floatToBf16(1f + (float) Math.pow(2, -8) + (float) Math.pow(2, -20)))
                .isEqualTo((short) 0x3F81);
        // A NaN whose payload sits only in the low bits must not collapse to infinity.
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x7F800001)))).isNaN();
        assertThat(HalfFloats.floatToBf16(Float.MAX_VALUE)).isEqualTo((short) 0x7F80);
    }
}
