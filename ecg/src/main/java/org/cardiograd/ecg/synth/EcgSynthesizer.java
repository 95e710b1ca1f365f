package org.cardiograd.ecg.synth;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Renders a {@link RecordPlan}: beats placed by the rhythm model, each beat's waves summed into the cardiac
 * dipole, f waves added in AFIB, the dipole projected onto the leads together with the electrode noise, and the
 * report written from the ground truth. A pure function of the plan.
 */
final class EcgSynthesizer {

    private EcgSynthesizer() {
    }

    static SyntheticEcg render(RecordPlan plan) {
        Patient patient = plan.patient;
        Findings findings = plan.findings;
        double fs = plan.samplingRate;
        int n = plan.samples;
        double duration = n / fs;

        BeatTemplate template = MorphologyBuilder.build(patient, findings);
        RhythmModel.Beats beats = RhythmModel.beats(patient, findings, duration, plan.rhythmSeed);
        double[][] dipole = new double[3][n];
        double[] onsets = beats.onsets();
        for (int k = 0; k < onsets.length; k++) {
            double breathing = Math.sin(2 * Math.PI * patient.respirationHz() * onsets[k]
                + patient.respirationPhase());
            double qrsScale = 1 + patient.respiratoryAmplitude() * breathing;
            addBeat(dipole, fs, onsets[k], template.forBeat(beats.rrBefore()[k], qrsScale));
        }
        if (findings.rhythm() == Rhythm.AFIB) {
            FibrillatoryWaves.add(dipole, fs, findings.afibSeverity(), patient.gain(), plan.atrialSeed);
        }
        double[][] noise = NoiseModel.electrodeNoise(n, fs, plan.noiseLevel, plan.powerlineHz,
            patient.respirationHz(), plan.noiseSeed);
        float[][] signal = LeadSystem.project(dipole, noise);

        SyntheticEcg.Truth truth = truth(findings, template, onsets, duration);
        String report = ReportWriter.write(truth, findings, patient, new SplittableRandom(plan.reportSeed));
        return new SyntheticEcg(plan.seed, plan.index, signal, fs, plan.labels(), report, truth);
    }

    private static void addBeat(double[][] dipole, double fs, double onset, List<Wave> waves) {
        int n = dipole[0].length;
        double[] x = dipole[0];
        double[] y = dipole[1];
        double[] z = dipole[2];
        for (Wave w : waves) {
            int from = Math.max(0, (int) Math.ceil((onset + w.begin()) * fs));
            int to = Math.min(n - 1, (int) Math.floor((onset + w.end()) * fs));
            Vec3 d = w.direction();
            for (int i = from; i <= to; i++) {
                double v = w.value(i / fs - onset);
                x[i] += v * d.x();
                y[i] += v * d.y();
                z[i] += v * d.z();
            }
        }
    }

    private static SyntheticEcg.Truth truth(Findings f, BeatTemplate template, double[] onsets, double duration) {
        int first = -1;
        int last = -1;
        for (int k = 0; k < onsets.length; k++) {
            if (onsets[k] >= 0 && onsets[k] <= duration) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        double meanRr = last > first ? (onsets[last] - onsets[first]) / (last - first) : 60 / f.heartRateBpm();
        double[] inside = first < 0 ? new double[0] : Arrays.copyOfRange(onsets, first, last + 1);
        double pr = Double.isNaN(template.prSeconds()) ? Double.NaN
            : 1000 * template.prSeconds() * Math.pow(meanRr, 0.2);
        double qt = template.qtcSeconds() * Math.cbrt(meanRr);

        Map<String, Double> severities = new LinkedHashMap<>();
        if (f.has(DiagnosticClass.MI)) {
            severities.put("MI", f.miSeverity());
        }
        if (f.has(DiagnosticClass.STTC)) {
            severities.put("STTC", f.sttcSeverity());
        }
        if (f.has(DiagnosticClass.CD)) {
            severities.put("CD", f.cdSeverity());
        }
        if (f.has(DiagnosticClass.HYP)) {
            severities.put("HYP", f.hypSeverity());
        }
        if (f.rhythm() == Rhythm.AFIB) {
            severities.put("AFIB", f.afibSeverity());
        }
        boolean mi = f.has(DiagnosticClass.MI);
        return new SyntheticEcg.Truth(f.classes(), f.rhythm(), 60 / meanRr, pr, 1000 * template.qrsSeconds(),
            1000 * qt, 1000 * template.qtcSeconds(), template.frontalAxisDeg(),
            mi ? f.miTerritory() : null, mi && f.miEvolved(),
            f.has(DiagnosticClass.STTC) ? f.stTChange() : null,
            f.has(DiagnosticClass.CD) ? f.block() : null,
            Collections.unmodifiableMap(severities), inside);
    }
}
