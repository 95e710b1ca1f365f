/**
 * ECG signal processing on plain arrays: a record is {@code float[lead][sample]} in mV (12 leads in the order
 * I, II, III, aVR, aVL, aVF, V1-V6) at a sampling rate {@code fs} in Hz. Every operation returns new arrays and
 * leaves its input untouched.
 *
 * <ul>
 *   <li>Preprocessing: {@link org.cardiograd.ecg.signal.Resampler} (polyphase, as scipy's resample_poly),
 *       {@link org.cardiograd.ecg.signal.Butterworth} band-pass and {@link org.cardiograd.ecg.signal.Notch},
 *       both applied zero-phase by {@link org.cardiograd.ecg.signal.SosFilter#filtfilt} (as scipy's
 *       sosfiltfilt/filtfilt), {@link org.cardiograd.ecg.signal.Normalization},
 *       {@link org.cardiograd.ecg.signal.FixedLength}, {@link org.cardiograd.ecg.signal.SignalCleaner}
 *       (NaN and flat leads, with a {@link org.cardiograd.ecg.signal.CleaningReport}), and the whole chain in
 *       {@link org.cardiograd.ecg.signal.Preprocessor}. Filters and resampling agree with SciPy to float32
 *       rounding (fixtures from {@code ecg/src/test/python/make_signal_fixtures.py}).</li>
 *   <li>Augmentations for contrastive views ({@link org.cardiograd.ecg.signal.Augmentation} and its
 *       implementations, combined by {@link org.cardiograd.ecg.signal.AugmentationComposer}); each documents
 *       the physiological bounds its parameters are limited to.</li>
 *   <li>Masking strategies over tokens ({@link org.cardiograd.ecg.signal.MaskingStrategy}): MAE random patch
 *       masking, per-lead masking and spatial-temporal masking, returning index arrays in a
 *       {@link org.cardiograd.ecg.signal.TokenMask}.</li>
 * </ul>
 * Randomness always comes from a caller-supplied {@link java.util.SplittableRandom} (or a seed): the same seed
 * gives the same result. Leads are processed one after another; parallelism belongs one level up, across
 * records (the data loader), where it needs no coordination.
 */
package org.cardiograd.ecg.signal;
