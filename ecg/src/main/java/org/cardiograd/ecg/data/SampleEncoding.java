package org.cardiograd.ecg.data;

/**
 * How shard files store one sample: both take 2 bytes, little-endian.
 * <ul>
 *   <li>{@link #INT16} (the default): a signed integer times a global scale in mV per unit, by default
 *       {@value #DEFAULT_SCALE_MV} mV (1 uV per unit, the 1000/mV gain of the PhysioNet WFDB files). The
 *       rounding error is at most half a unit everywhere, and a record read at 1000/mV and not rescaled is
 *       stored exactly. Values beyond +-32767 units (+-32.767 mV at the default scale) are clipped and
 *       counted. Choose the scale to fit the data: z-scored signals have a standard deviation of 1, so 1e-3
 *       keeps them to a thousandth of a standard deviation with room for peaks of 32 standard deviations.</li>
 *   <li>{@link #FLOAT16}: IEEE binary16, relative error at most 2^-11 (about 0.05%) for magnitudes from
 *       6.1e-5 up to 65504, which needs no scale choice; magnitudes beyond 65504 are clipped and counted.</li>
 * </ul>
 * Non-finite samples are rejected when writing: the preprocessing chain has already filled or zeroed them.
 */
public enum SampleEncoding {
    INT16(1),
    FLOAT16(2);

    /** Millivolts per int16 unit unless told otherwise: 1 uV. */
    public static final double DEFAULT_SCALE_MV = 0.001;

    /** Bytes per stored sample. */
    public static final int BYTES = 2;

    /** The number written in shard headers. */
    final int code;

    SampleEncoding(int code) {
        this.code = code;
    }

    static SampleEncoding ofCode(int code) {
        for (SampleEncoding e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }

    /**
     * The stored 16-bit value of one sample: {@code value / scale} rounded (INT16) or the nearest half
     * (FLOAT16, scale ignored), clipped to the representable range. {@link #saturates} tells whether it clipped.
     */
    short encode(float value, double scale) {
        if (this == INT16) {
            long units = Math.round(value / scale);
            return (short) Math.max(-Short.MAX_VALUE, Math.min(Short.MAX_VALUE, units));
        }
        return Half.fromFloat(Math.max(-Half.MAX_VALUE, Math.min(Half.MAX_VALUE, value)));
    }

    /** True when {@code value} lies outside what {@link #encode} can store without clipping. */
    boolean saturates(float value, double scale) {
        if (this == INT16) {
            return Math.abs(Math.round(value / scale)) > Short.MAX_VALUE;
        }
        return Math.abs(value) > Half.MAX_VALUE;
    }

    /** The sample value of a stored 16-bit value. */
    float decode(short stored, float scale) {
        return this == INT16 ? stored * scale : Half.toFloat(stored);
    }
}
