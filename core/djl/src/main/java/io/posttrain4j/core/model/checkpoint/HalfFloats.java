package io.posttrain4j.core.model.checkpoint;

/**
 * Conversions between float32 and the 16-bit formats IEEE binary16 ({@code F16}) and bfloat16 ({@code BF16}).
 *
 * <p>Written by hand because {@code Float.float16ToFloat} needs Java 20 and libtorch's bf16 path aborts the JVM.
 * Narrowing rounds to nearest, ties to even, as PyTorch does; NaN stays NaN (quiet), infinities stay infinite.
 * Stateless and thread-safe.
 */
public final class HalfFloats {
    /** All 65536 F16 values widened, so bulk decoding is one table lookup per element. */
    private static final float[] F16_TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < F16_TABLE.length; h++) {
            F16_TABLE[h] = computeF16ToFloat((short) h);
        }
    }

    private HalfFloats() {}

    /** The exact float32 value of an F16 bit pattern. */
    public static float f16ToFloat(short bits) {
        return F16_TABLE[bits & 0xFFFF];
    }

    /** The exact float32 value of a BF16 bit pattern: its bits are the upper half of a float32. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The nearest BF16 bit pattern (ties to even); NaN becomes a quiet NaN with the sign kept. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** The nearest F16 bit pattern (ties to even); beyond the F16 range gives infinity, NaN a quiet NaN. */
    public static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs > 0x7F800000) {
            return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
        }
        if (abs >= 0x477FF000) {
            // At or above 65520 (half-way between the largest F16, 65504, and 2^16): rounds to infinity.
            return (short) (sign | 0x7C00);
        }
        if (abs >= 0x38800000) {
            // Normal F16: rebias the exponent (127 -> 15) and round the 23-bit mantissa to 10 bits.
            int rebased = abs - (112 << 23);
            int rounded = rebased + 0x0FFF + ((rebased >>> 13) & 1);
            return (short) (sign | (rounded >>> 13));
        }
        if (abs < 0x33000000) {
            // Below half of the smallest subnormal (2^-25): rounds to zero.
            return (short) sign;
        }
        // Subnormal F16: the value in units of 2^-24, rounded to nearest even.
        int exp = abs >>> 23;
        int mantissa = (abs & 0x7FFFFF) | 0x800000;
        int shift = 126 - exp; // value = mantissa * 2^(exp - 150); units of 2^-24 need a shift by (126 - exp)
        int truncated = mantissa >>> shift;
        int remainder = mantissa & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (truncated & 1) == 1)) {
            truncated++;
        }
        return (short) (sign | truncated);
    }

    private static float computeF16ToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exp != 0) {
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
        }
        if (mantissa == 0) {
            return Float.intBitsToFloat(sign);
        }
        // Subnormal: normalise the mantissa so the float32 result carries the implicit leading 1.
        int e = 113;
        while ((mantissa & 0x400) == 0) {
            mantissa <<= 1;
            e--;
        }
        return Float.intBitsToFloat(sign | (e << 23) | ((mantissa & 0x3FF) << 13));
    }
}
