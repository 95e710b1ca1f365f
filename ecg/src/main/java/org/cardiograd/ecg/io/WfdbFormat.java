package org.cardiograd.ecg.io;

/**
 * The WFDB signal storage formats this package reads, with their byte layout and invalid-sample marker.
 * Samples of the signals stored in one file are interleaved frame by frame (sample t of signal 0, of signal
 * 1, ..., then sample t+1); a file holding one signal is the special case of a group of one.
 */
public enum WfdbFormat {
    /** 16-bit two's complement, little-endian. */
    FORMAT_16(16, -32768) {
        @Override
        long bytesFor(long samples) {
            return samples * 2;
        }

        @Override
        int sample(byte[] data, int base, long index) {
            int at = base + (int) (index * 2);
            return (short) ((data[at] & 0xff) | (data[at + 1] << 8));
        }

        @Override
        void decode(byte[] data, int base, int[][] out, int frames) { // the common case, without a call per sample
            int at = base;
            for (int t = 0; t < frames; t++) {
                for (int[] signal : out) {
                    signal[t] = (short) ((data[at] & 0xff) | (data[at + 1] << 8));
                    at += 2;
                }
            }
        }
    },
    /**
     * Pairs of 12-bit two's complement samples packed into 3 bytes: byte 0 holds the low 8 bits of the first
     * sample, the low nibble of byte 1 its high 4 bits, the high nibble of byte 1 the high 4 bits of the second
     * sample, byte 2 the low 8 bits of the second sample.
     */
    FORMAT_212(212, -2048) {
        @Override
        long bytesFor(long samples) {
            return samples / 2 * 3 + (samples % 2) * 2;
        }

        @Override
        int sample(byte[] data, int base, long index) {
            int at = base + (int) (index / 2 * 3);
            int middle = data[at + 1] & 0xff;
            int value = index % 2 == 0
                    ? (data[at] & 0xff) | (middle & 0x0f) << 8
                    : (data[at + 2] & 0xff) | (middle & 0xf0) << 4;
            return value << 20 >> 20; // sign-extend 12 bits
        }
    },
    /** 8-bit offset binary: the stored byte minus 128. */
    FORMAT_80(80, -128) {
        @Override
        long bytesFor(long samples) {
            return samples;
        }

        @Override
        int sample(byte[] data, int base, long index) {
            return (data[base + (int) index] & 0xff) - 128;
        }
    };

    private final int code;
    private final int invalidMarker;

    WfdbFormat(int code, int invalidMarker) {
        this.code = code;
        this.invalidMarker = invalidMarker;
    }

    /** The format code as written in headers. */
    public int code() {
        return code;
    }

    /** The stored value that marks a missing or invalid sample. */
    public int invalidMarker() {
        return invalidMarker;
    }

    /** Smallest and largest valid sample values (the invalid marker excluded). */
    public int minValid() {
        return invalidMarker + 1;
    }

    public int maxValid() {
        return -invalidMarker - 1;
    }

    /** The exact number of bytes that hold this many samples (a final odd 212 sample takes 2 bytes). */
    abstract long bytesFor(long samples);

    /** Sample number {@code index} (counting across interleaved signals) of data starting at {@code base}. */
    abstract int sample(byte[] data, int base, long index);

    /** The format for a header code, or null when this package cannot read it. */
    public static WfdbFormat of(int code) {
        for (WfdbFormat format : values()) {
            if (format.code == code) {
                return format;
            }
        }
        return null;
    }

    /**
     * Decodes {@code frames} frames of {@code out.length} interleaved signals starting at byte {@code base}.
     * The caller has checked that the data is long enough.
     */
    void decode(byte[] data, int base, int[][] out, int frames) {
        int signals = out.length;
        long index = 0;
        for (int t = 0; t < frames; t++) {
            for (int s = 0; s < signals; s++) {
                out[s][t] = sample(data, base, index++);
            }
        }
    }
}
