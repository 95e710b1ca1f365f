package org.cardiograd.tensor.io;

import java.nio.ByteBuffer;

/** Little-endian element bytes to float32 or long values, one chunk of a mapped tensor at a time. */
final class ElementDecoding {
    private ElementDecoding() {}

    /** Decodes n elements of a float dtype from buf (little-endian, at position 0) into out[at ...]. */
    static void floats(DType dtype, ByteBuffer buf, float[] out, int at, int n) {
        switch (dtype) {
            case F32 -> buf.asFloatBuffer().get(out, at, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) buf.getDouble(8 * i); // round to nearest, like numpy's astype
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = halfToFloat(buf.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
        }
    }

    /** Decodes n elements of an integer dtype (or BOOL) into out[at ...]; U64 above 2^63-1 wraps negative. */
    static void longs(DType dtype, ByteBuffer buf, long[] out, int at, int n) {
        switch (dtype) {
            case I64, U64 -> buf.asLongBuffer().get(out, at, n);
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.getInt(4 * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.getInt(4 * i) & 0xffffffffL;
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.getShort(2 * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.getShort(2 * i) & 0xffff;
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.get(i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.get(i) & 0xff;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf.get(i) != 0 ? 1 : 0;
                }
            }
            default -> throw new IllegalArgumentException("not an integer dtype: " + dtype);
        }
    }

    /** IEEE binary16 bits to float32; exact for every value, NaN payloads kept (not quieted). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) { // inf or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exactly representable as a float
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    }
}
