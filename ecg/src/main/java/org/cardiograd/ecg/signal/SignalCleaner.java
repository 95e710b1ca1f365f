package org.cardiograd.ecg.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Repairs missing samples and silences dead leads, and counts what it did. The policy, per lead:
 * <ol>
 *   <li>NaN and +-Inf samples are missing (WFDB invalid-sample markers arrive as NaN).</li>
 *   <li>If every sample is missing, or more than {@code maxMissingFraction} of them, the lead is set to
 *       0 mV and listed in {@link CleaningReport#missingLeads()}; interpolating across most of a lead would
 *       invent a signal.</li>
 *   <li>Otherwise each run of missing samples between two finite samples is filled by linear interpolation
 *       between them; a run at the start or the end is filled with the nearest finite sample (there is
 *       nothing to interpolate towards).</li>
 *   <li>A lead whose population standard deviation is then below {@code flatStdMv} (default 1e-6 mV) is
 *       flat (a disconnected electrode or a constant) and is set to 0 mV; listed in
 *       {@link CleaningReport#flatLeads()}.</li>
 * </ol>
 * Leads are never dropped, so the output keeps the input's shape and lead order.
 */
public final class SignalCleaner {

    public static final double DEFAULT_FLAT_STD_MV = 1e-6;
    public static final double DEFAULT_MAX_MISSING_FRACTION = 0.5;

    private final double flatStdMv;
    private final double maxMissingFraction;

    /** The default policy: flat below 1e-6 mV, a lead more than half missing is zeroed. */
    public SignalCleaner() {
        this(DEFAULT_FLAT_STD_MV, DEFAULT_MAX_MISSING_FRACTION);
    }

    /**
     * @param flatStdMv          standard deviation in mV below which a lead is flat, >= 0
     * @param maxMissingFraction fraction of missing samples above which a lead is zeroed rather than filled,
     *                           in [0, 1] (1 fills any lead with at least one finite sample)
     */
    public SignalCleaner(double flatStdMv, double maxMissingFraction) {
        if (!(flatStdMv >= 0) || Double.isInfinite(flatStdMv)) {
            throw new IllegalArgumentException("flatStdMv must be finite and >= 0, got " + flatStdMv);
        }
        if (!(maxMissingFraction >= 0 && maxMissingFraction <= 1)) {
            throw new IllegalArgumentException("maxMissingFraction must be in [0, 1], got " + maxMissingFraction);
        }
        this.flatStdMv = flatStdMv;
        this.maxMissingFraction = maxMissingFraction;
    }

    /** The cleaned signal (new arrays) and the report. */
    public record Result(float[][] signal, CleaningReport report) {
    }

    public Result clean(float[][] leads) {
        int n = Signals.requireRectangular(leads, "leads");
        float[][] out = Signals.copy(leads);
        int[] filled = new int[leads.length];
        int runs = 0;
        List<Integer> missingLeads = new ArrayList<>();
        List<Integer> flatLeads = new ArrayList<>();
        for (int lead = 0; lead < out.length && n > 0; lead++) {
            float[] x = out[lead];
            int missing = countMissing(x);
            if (missing == n || missing > maxMissingFraction * n) {
                java.util.Arrays.fill(x, 0f);
                missingLeads.add(lead);
                continue;
            }
            if (missing > 0) {
                runs += fillMissingRuns(x);
                filled[lead] = missing;
            }
            if (std(x) < flatStdMv) {
                java.util.Arrays.fill(x, 0f);
                flatLeads.add(lead);
            }
        }
        return new Result(out, new CleaningReport(filled, runs, toArray(missingLeads), toArray(flatLeads)));
    }

    private static int countMissing(float[] x) {
        int missing = 0;
        for (float v : x) {
            missing += Float.isFinite(v) ? 0 : 1;
        }
        return missing;
    }

    /** Fills every missing run in place (the lead has at least one finite sample); returns the run count. */
    private static int fillMissingRuns(float[] x) {
        int runs = 0;
        int i = 0;
        while (i < x.length) {
            if (Float.isFinite(x[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < x.length && !Float.isFinite(x[i])) {
                i++;
            }
            int end = i; // exclusive; x[start - 1] and x[end] are finite where they exist
            runs++;
            if (start == 0) {
                java.util.Arrays.fill(x, 0, end, x[end]);
            } else if (end == x.length) {
                java.util.Arrays.fill(x, start, end, x[start - 1]);
            } else {
                double left = x[start - 1];
                double right = x[end];
                int gap = end - start + 1;
                for (int k = start; k < end; k++) {
                    x[k] = (float) (left + (right - left) * (k - start + 1) / gap);
                }
            }
        }
        return runs;
    }

    private static double std(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / x.length);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
