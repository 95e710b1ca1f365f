package org.cardiograd.ecg.io;

/**
 * One signal line of a WFDB header:
 * {@code file fmt[xSPF][:skew][+byteoffset] [gain[(baseline)][/units] [adcres [adczero [initval [checksum
 * [blocksize [description]]]]]]]}, with the defaults of the WFDB header specification already applied.
 *
 * @param fileName       signal file name, relative to the header's folder
 * @param format         storage format code (16, 212, 80, ...)
 * @param samplesPerFrame samples of this signal per frame (1 unless {@code xSPF} is given)
 * @param skew           samples of skew: sample {@code skew} of the stored signal belongs to time 0
 * @param byteOffset     bytes to skip at the start of the file (e.g. 24 for the MAT-v4 header of CinC files)
 * @param gain           ADC units per physical unit; a missing or zero gain in the header becomes 200
 * @param baseline       sample value of physical zero; defaults to {@code adcZero}
 * @param units          physical units as written (e.g. "mV", "mv", "uV"); default "mV"
 * @param adcResolution  bits of ADC resolution, 0 when not given
 * @param adcZero        sample value of the middle of the ADC range, default 0
 * @param initialValue   value of the first sample, defaults to {@code adcZero}
 * @param checksum       16-bit sum of all samples, or null when the header gives none
 * @param blockSize      block size in bytes, 0 when not given
 * @param description    signal description, usually the lead name; "" when not given
 * @param lineNumber     1-based line of the header this signal was read from
 */
public record WfdbSignalSpec(String fileName, int format, int samplesPerFrame, int skew, long byteOffset,
                             double gain, int baseline, String units, int adcResolution, int adcZero,
                             int initialValue, Integer checksum, int blockSize, String description,
                             int lineNumber) {

    /** The gain the specification assumes when the header gives none or zero: 200 ADC units per unit. */
    public static final double DEFAULT_GAIN = 200.0;

    /** The units the specification assumes when the header gives none. */
    public static final String DEFAULT_UNITS = "mV";
}
