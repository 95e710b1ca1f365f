/**
 * Reading ECG data as PhysioNet distributes it.
 *
 * <ul>
 *   <li>WFDB: {@link org.cardiograd.ecg.io.WfdbHeaderParser} (headers), {@link org.cardiograd.ecg.io.WfdbReader}
 *       (formats 16, 212, 80, byte offsets, multiplexed or separate files, checksums),
 *       {@link org.cardiograd.ecg.io.WfdbWriter} (format 16), {@link org.cardiograd.ecg.io.WfdbEcg} (to
 *       {@link org.cardiograd.ecg.EcgRecord} in mV and standard lead order).</li>
 *   <li>Datasets ({@link org.cardiograd.ecg.io.EcgDataset}): {@link org.cardiograd.ecg.io.PtbXlDataset} and
 *       {@link org.cardiograd.ecg.io.CincDataset} (PhysioNet/CinC 2020/2021 layout, SNOMED-CT labels via
 *       {@link org.cardiograd.ecg.io.SnomedCtTable}); {@link org.cardiograd.ecg.io.LabelFractionSampler} for
 *       1% / 10% / 100% label settings; {@link org.cardiograd.ecg.io.ReportFromDiagnoses} for records without
 *       a report.</li>
 *   <li>Bad content is always an {@link org.cardiograd.ecg.io.EcgFormatException} naming the file, the place
 *       and what was expected.</li>
 * </ul>
 */
package org.cardiograd.ecg.io;
