package org.cardiograd.ecg.signal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standard preprocessing chain for one record, in this order:
 * clean NaN/flat leads -> resample to the target rate -> zero-phase band-pass -> optional zero-phase notch
 * -> per-lead normalization -> centre crop/pad to a fixed length.
 * Filtering happens after resampling so the filters are designed once per target rate.
 * Thread-safe; designed filters and resamplers are cached per rate.
 *
 * @param targetHz        output sampling rate
 * @param bandPassOrder   Butterworth order (0 disables the band-pass)
 * @param lowHz           band-pass lower edge
 * @param highHz          band-pass upper edge (must be below targetHz / 2)
 * @param notchHz         mains frequency to notch out, e.g. 50 or 60 (0 disables)
 * @param notchQ          notch quality factor
 * @param normalization   per-lead normalization
 * @param length          output length in samples (0 keeps the resampled length)
 * @param pad             padding for records shorter than {@code length}
 */
public record Preprocessor(int targetHz, int bandPassOrder, double lowHz, double highHz, double notchHz,
                           double notchQ, Normalization normalization, int length, FixedLength.Pad pad) {

    private static final Map<String, SosFilter> FILTERS = new ConcurrentHashMap<>();
    private static final Map<String, Resampler> RESAMPLERS = new ConcurrentHashMap<>();

    public Preprocessor {
        if (targetHz < 1) {
            throw new IllegalArgumentException("targetHz must be positive, got " + targetHz);
        }
        if (bandPassOrder < 0 || length < 0 || notchHz < 0) {
            throw new IllegalArgumentException("bandPassOrder, notchHz and length must be >= 0");
        }
        // design once now so a bad setting fails here, not on the first record
        if (bandPassOrder > 0) {
            bandPass(bandPassOrder, lowHz, highHz, targetHz);
        }
        if (notchHz > 0) {
            notch(notchHz, notchQ, targetHz);
        }
    }

    /** 500 Hz, 4th-order 0.67-40 Hz band-pass, no notch, z-score, 10 s (5000 samples), zero padding. */
    public static Preprocessor defaults() {
        return new Preprocessor(500, 4, Butterworth.DEFAULT_LOW_HZ, Butterworth.DEFAULT_HIGH_HZ, 0,
                Notch.DEFAULT_Q, Normalization.Z_SCORE, 5000, FixedLength.Pad.ZERO);
    }

    public Preprocessor withNotch(double hz) {
        return new Preprocessor(targetHz, bandPassOrder, lowHz, highHz, hz, notchQ, normalization, length, pad);
    }

    public Preprocessor withTarget(int hz, int samples) {
        return new Preprocessor(hz, bandPassOrder, lowHz, highHz, notchHz, notchQ, normalization, samples, pad);
    }

    /** The processed signal at {@link #targetHz()} and what cleaning did. */
    public record Result(float[][] signal, CleaningReport cleaning) {
    }

    /** @param sourceHz the record's sampling rate in whole Hz */
    public Result apply(float[][] leads, int sourceHz) {
        SignalCleaner.Result cleaned = new SignalCleaner().clean(leads);
        float[][] x = cleaned.signal();
        if (sourceHz != targetHz) {
            x = RESAMPLERS.computeIfAbsent(sourceHz + "->" + targetHz, k -> Resampler.between(sourceHz, targetHz))
                    .apply(x);
        }
        if (bandPassOrder > 0) {
            x = bandPass(bandPassOrder, lowHz, highHz, targetHz).filtfilt(x);
        }
        if (notchHz > 0) {
            x = notch(notchHz, notchQ, targetHz).filtfilt(x);
        }
        x = normalization.apply(x);
        if (length > 0) {
            x = FixedLength.center(x, length, pad);
        }
        return new Result(x, cleaned.report());
    }

    private static SosFilter bandPass(int order, double low, double high, int fs) {
        return FILTERS.computeIfAbsent("bandpass " + order + " " + low + " " + high + " " + fs,
                k -> Butterworth.bandPass(order, low, high, fs));
    }

    private static SosFilter notch(double f0, double q, int fs) {
        return FILTERS.computeIfAbsent("notch " + f0 + " " + q + " " + fs, k -> Notch.design(f0, q, fs));
    }
}
