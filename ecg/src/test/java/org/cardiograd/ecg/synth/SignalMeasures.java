package org.cardiograd.ecg.synth;

import java.util.ArrayList;
import java.util.List;

/** Simple ECG measurements for the tests, independent of the generator's internals. */
final class SignalMeasures {

    /** Fraction of the peak slope that counts as inside the QRS. */
    private static final double THRESHOLD = 0.05;

    private SignalMeasures() {
    }

    /**
     * R peaks by a small Pan-Tompkins-like detector: squared slope, integrated over 80 ms, thresholded at a third
     * of its high percentile, with a 250 ms refractory period. Returns peak sample indices.
     */
    static int[] rPeaks(float[] x, double fs) {
        int n = x.length;
        double[] energy = new double[n];
        for (int i = 1; i < n - 1; i++) {
            double slope = x[i + 1] - x[i - 1];
            energy[i] = slope * slope;
        }
        int window = (int) Math.round(0.08 * fs);
        double[] integrated = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += energy[i];
            if (i >= window) {
                sum -= energy[i - window];
            }
            integrated[i] = sum / window;
        }
        double[] sorted = integrated.clone();
        java.util.Arrays.sort(sorted);
        double threshold = 0.3 * sorted[(int) (0.995 * (n - 1))];
        int refractory = (int) Math.round(0.25 * fs);
        List<Integer> peaks = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (integrated[i] < threshold) {
                i++;
                continue;
            }
            int best = i;
            while (i < n && integrated[i] >= threshold) {
                if (integrated[i] > integrated[best]) {
                    best = i;
                }
                i++;
            }
            if (peaks.isEmpty() || best - peaks.get(peaks.size() - 1) >= refractory) {
                peaks.add(best);
            } else if (integrated[best] > integrated[peaks.get(peaks.size() - 1)]) {
                peaks.set(peaks.size() - 1, best);
            }
        }
        return peaks.stream().mapToInt(Integer::intValue).toArray();
    }

    static double[] rrSeconds(int[] peaks, double fs) {
        double[] rr = new double[Math.max(0, peaks.length - 1)];
        for (int k = 1; k < peaks.length; k++) {
            rr[k - 1] = (peaks[k] - peaks[k - 1]) / fs;
        }
        return rr;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double coefficientOfVariation(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1)) / m;
    }

    /** Beat onsets (seconds) with at least {@code before} seconds before and {@code after} after, inside the record. */
    static List<Integer> beatsInside(double[] onsets, double fs, int samples, double before, double after) {
        List<Integer> out = new ArrayList<>();
        for (double t : onsets) {
            int i = (int) Math.round(t * fs);
            if (i - before * fs >= 0 && i + after * fs < samples) {
                out.add(i);
            }
        }
        return out;
    }

    /** Mean over beats of {@code x[onset + from .. onset + to]} (offsets in seconds). */
    static double[] ensembleAverage(float[] x, List<Integer> onsets, double fs, double from, double to) {
        int a = (int) Math.round(from * fs);
        int b = (int) Math.round(to * fs);
        double[] avg = new double[b - a + 1];
        for (int onset : onsets) {
            for (int k = a; k <= b; k++) {
                avg[k - a] += x[onset + k];
            }
        }
        for (int k = 0; k < avg.length; k++) {
            avg[k] /= onsets.size();
        }
        return avg;
    }

    /** Mean over beats of the minimum of {@code x} in {@code [onset + from, onset + to]}. */
    static double meanMinimum(float[] x, List<Integer> onsets, double fs, double from, double to) {
        double sum = 0;
        for (int onset : onsets) {
            double min = Double.POSITIVE_INFINITY;
            for (int i = onset + (int) Math.round(from * fs); i <= onset + (int) Math.round(to * fs); i++) {
                min = Math.min(min, x[i]);
            }
            sum += min;
        }
        return sum / onsets.size();
    }

    /** Mean of {@code x} over {@code [onset + from, onset + to]} (seconds), averaged over beats. */
    static double meanOver(float[] x, List<Integer> onsets, double fs, double from, double to) {
        double sum = 0;
        int count = 0;
        for (int onset : onsets) {
            for (int i = onset + (int) Math.round(from * fs); i <= onset + (int) Math.round(to * fs); i++) {
                sum += x[i];
                count++;
            }
        }
        return sum / count;
    }

    /** Mean over beats of {@code x} at {@code onset + at} seconds. */
    static double meanAt(float[] x, List<Integer> onsets, double fs, double at) {
        double sum = 0;
        for (int onset : onsets) {
            sum += x[onset + (int) Math.round(at * fs)];
        }
        return sum / onsets.size();
    }

    /**
     * QRS duration in ms measured on a clean 12-lead signal: around each beat's steepest point, the contiguous
     * span where the summed absolute slope over all leads stays above a fraction of that peak, averaged over
     * beats. Dips shorter than 20 ms are bridged: at the top of a slow wave such as the R' of RBBB every lead's
     * slope passes through zero at once.
     */
    static double qrsDurationMs(float[][] signal, List<Integer> onsets, double fs) {
        int n = signal[0].length;
        double[] velocity = new double[n];
        for (float[] lead : signal) {
            for (int i = 1; i < n; i++) {
                velocity[i] += Math.abs(lead[i] - lead[i - 1]) * fs;
            }
        }
        int gap = (int) Math.round(0.02 * fs);
        double total = 0;
        for (int onset : onsets) {
            int from = Math.max(1, onset - (int) (0.03 * fs));
            int to = Math.min(n - 1, onset + (int) (0.22 * fs));
            int peak = from;
            for (int i = from; i <= to; i++) {
                if (velocity[i] > velocity[peak]) {
                    peak = i;
                }
            }
            double threshold = THRESHOLD * velocity[peak];
            int first = edge(velocity, peak, -1, threshold, gap, from, to);
            int last = edge(velocity, peak, +1, threshold, gap, from, to);
            total += (last - first) / fs * 1000;
        }
        return total / onsets.size();
    }

    private static int edge(double[] v, int start, int step, double threshold, int gap, int from, int to) {
        int edge = start;
        int quiet = 0;
        for (int i = start; i >= from && i <= to; i += step) {
            if (v[i] >= threshold) {
                edge = i;
                quiet = 0;
            } else if (++quiet > gap) {
                break;
            }
        }
        return edge;
    }

    /**
     * How consistently the same wave precedes each QRS: the mean pairwise correlation of the linearly detrended
     * segments {@code [onset + from, onset + to]} of all beats. A P wave at a fixed PR interval gives values near
     * 1; unrelated atrial activity gives values near 0.
     */
    static double preQrsConsistency(float[] x, List<Integer> onsets, double fs, double from, double to) {
        int a = (int) Math.round(from * fs);
        int b = (int) Math.round(to * fs);
        int len = b - a + 1;
        List<double[]> segments = new ArrayList<>();
        for (int onset : onsets) {
            double[] seg = new double[len];
            double first = x[onset + a];
            double last = x[onset + b];
            double mean = 0;
            for (int k = 0; k < len; k++) {
                seg[k] = x[onset + a + k] - (first + (last - first) * k / (len - 1));
                mean += seg[k] / len;
            }
            for (int k = 0; k < len; k++) {
                seg[k] -= mean;
            }
            segments.add(seg);
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < segments.size(); i++) {
            for (int j = i + 1; j < segments.size(); j++) {
                sum += correlation(segments.get(i), segments.get(j));
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double correlation(double[] u, double[] v) {
        double uv = 0;
        double uu = 0;
        double vv = 0;
        for (int k = 0; k < u.length; k++) {
            uv += u[k] * v[k];
            uu += u[k] * u[k];
            vv += v[k] * v[k];
        }
        return uv / Math.sqrt(uu * vv + 1e-30);
    }
}
