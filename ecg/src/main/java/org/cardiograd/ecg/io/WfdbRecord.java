package org.cardiograd.ecg.io;

import java.util.OptionalDouble;

/**
 * A WFDB record as stored: its header and the raw sample values (ADC units) of each signal.
 * Physical values are computed on request as {@code (adu - baseline) / gain}; invalid-sample markers become NaN.
 */
public final class WfdbRecord {
    private final WfdbHeader header;
    private final int[][] samples;

    /**
     * @param header  the parsed header
     * @param samples one array per header signal, all of the same length; kept, not copied
     */
    public WfdbRecord(WfdbHeader header, int[][] samples) {
        if (samples.length != header.signals().size()) {
            throw new IllegalArgumentException("expected " + header.signals().size() + " signals, got " + samples.length);
        }
        for (int[] signal : samples) {
            if (signal.length != samples[0].length) {
                throw new IllegalArgumentException("signals differ in length");
            }
        }
        this.header = header;
        this.samples = samples;
    }

    public WfdbHeader header() {
        return header;
    }

    public int numberOfSignals() {
        return samples.length;
    }

    /** Samples per signal. */
    public int numberOfSamples() {
        return samples.length == 0 ? 0 : samples[0].length;
    }

    /** The raw ADC values of one signal: the record's own array, not a copy; do not modify. */
    public int[] adu(int signal) {
        return samples[signal];
    }

    /** The value that marks an invalid sample of this signal, from its storage format. */
    public int invalidMarker(int signal) {
        WfdbFormat format = WfdbFormat.of(header.signals().get(signal).format());
        return format == null ? Integer.MIN_VALUE : format.invalidMarker();
    }

    /** One signal in its own physical units (as the header names them), invalid samples as NaN. */
    public float[] physical(int signal) {
        return scaled(signal, 1.0);
    }

    /**
     * One signal in millivolts, invalid samples as NaN.
     *
     * @throws EcgFormatException when the signal's units are not a voltage (names the header line)
     */
    public float[] millivolts(int signal) throws EcgFormatException {
        WfdbSignalSpec spec = header.signals().get(signal);
        OptionalDouble factor = PhysicalUnits.millivoltsPerUnit(spec.units());
        if (factor.isEmpty()) {
            throw new EcgFormatException(header.file(), "line " + spec.lineNumber(), "signal " + signal + " ("
                    + spec.description() + ") is in units '" + spec.units() + "'; expected a voltage (mV, uV, V)");
        }
        return scaled(signal, factor.getAsDouble());
    }

    private float[] scaled(int signal, double unitFactor) {
        WfdbSignalSpec spec = header.signals().get(signal);
        int[] adu = samples[signal];
        int invalid = invalidMarker(signal);
        double scale = unitFactor / spec.gain();
        int baseline = spec.baseline();
        float[] out = new float[adu.length];
        for (int t = 0; t < adu.length; t++) {
            out[t] = adu[t] == invalid ? Float.NaN : (float) ((adu[t] - baseline) * scale);
        }
        return out;
    }
}
