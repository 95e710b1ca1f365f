/**
 * The synthetic 12-lead ECG dataset with paired free-text reports: cardiograd's embedded default data, so the
 * whole pipeline runs with no download.
 *
 * <p>How a record is made ({@link org.cardiograd.ecg.synth.SyntheticEcgGenerator} is the entry point):
 * <ol>
 *   <li>{@code RecordSampler} draws a {@link org.cardiograd.ecg.synth.RecordPlan} from (seed, index): the
 *       patient's natural parameters (intervals, amplitudes, axis, rotation, breathing, heart-rate variability)
 *       and the findings (labels from {@link org.cardiograd.ecg.synth.ClassPriors}, each effect with a strength
 *       set by the difficulty knob).</li>
 *   <li>{@code MorphologyBuilder} turns them into one beat: P, Q, R, S, ST and T waves as Gaussians in time
 *       (McSharry et al. 2003), each with its own 3-D direction of the cardiac dipole; each class changes those
 *       waves the way the disease changes the heart's activation.</li>
 *   <li>{@code RhythmModel} places the beats (respiratory sinus arrhythmia, Mayer waves, jitter; irregular in
 *       AFIB); QT follows RR (Fridericia); AFIB adds f waves instead of P waves.</li>
 *   <li>{@code LeadSystem} projects the dipole onto I, II and V1-V6, adds per-electrode noise (baseline wander,
 *       muscle, powerline) and derives III, aVR, aVL, aVF by the Einthoven and Goldberger identities.</li>
 *   <li>{@code ReportWriter} writes the report from the ground truth.</li>
 * </ol>
 */
package org.cardiograd.ecg.synth;
