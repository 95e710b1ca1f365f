package org.cardiograd.ecg.data;

/**
 * IEEE 754 binary16 ("half", float16) conversions. JDK 17 has no {@code Float.floatToFloat16}, so these are
 * written out: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits; subnormals, infinities and NaN kept.
 * Rounding float -> half is to nearest, ties to even, like the JDK 20+ methods and numpy's {@code float16}.
 */
final class Half {
    /** The largest finite half, 65504. */
    static final float MAX_VALUE = 65504f;

    private Half() {
    }

    /** The half nearest to {@code value} (values beyond {@link #MAX_VALUE} become infinity). */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7FFF_FFFF;
        if (magnitude >= 0x7F80_0000) { // infinity or NaN
            return (short) (sign | 0x7C00 | (magnitude > 0x7F80_0000 ? 0x0200 : 0));
        }
        if (magnitude >= 0x4780_0000) { // >= 65536: beyond the largest half even after rounding
            return (short) (sign | 0x7C00);
        }
        if (magnitude < 0x3300_0000) { // < 2^-25: rounds to zero
            return (short) sign;
        }
        int exponent = (magnitude >>> 23) - 127;
        int mantissa = (magnitude & 0x7F_FFFF) | 0x80_0000; // with the implicit leading 1
        int shift;
        int halfExponentField;
        if (exponent < -14) { // subnormal half: value = m * 2^-24
            shift = -1 - exponent; // 13 + (-14 - exponent)
            halfExponentField = 0;
        } else {
            shift = 13;
            halfExponentField = exponent + 15;
            mantissa &= 0x7F_FFFF; // the implicit 1 is carried by the exponent field
        }
        int kept = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (kept & 1) == 1)) {
            kept++; // may carry into the exponent field, which is exactly right (and reaches infinity at 65520)
        }
        return (short) (sign | ((halfExponentField << 10) + kept));
    }

    /** Every half's float value, indexed by its 16 bits: decoding is one load (256 KiB, built once). */
    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = computeFloat((short) h);
        }
    }

    /** The float equal to half {@code h} (every half is exactly representable as a float). */
    static float toFloat(short h) {
        return TABLE[h & 0xFFFF];
    }

    private static float computeFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int fraction = h & 0x03FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (fraction << 13));
        }
        if (exponent == 0) { // zero or subnormal: fraction * 2^-24
            float magnitude = fraction * 0x1.0p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (fraction << 13));
    }
}
