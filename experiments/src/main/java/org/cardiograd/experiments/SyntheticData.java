package org.cardiograd.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.cardiograd.ecg.synth.DiagnosticClass;
import org.cardiograd.ecg.synth.SyntheticEcg;
import org.cardiograd.ecg.synth.SyntheticEcgConfig;
import org.cardiograd.ecg.synth.SyntheticEcgGenerator;

/** The embedded default dataset: generated 12-lead ECGs labelled with PTB-XL's five superclasses. */
final class SyntheticData {
    static final List<String> SUPERCLASSES = List.of("NORM", "MI", "STTC", "CD", "HYP");

    private SyntheticData() {}

    static EcgArrays generate(long seed, int from, int count, double samplingRate, int threads) {
        SyntheticEcgGenerator generator = new SyntheticEcgGenerator(
                SyntheticEcgConfig.defaults().withSamplingRate(samplingRate).withDuration(10), seed);
        List<SyntheticEcg> records = generator.generate(from, count, threads);
        float[][][] signals = new float[count][][];
        float[][] labels = new float[count][SUPERCLASSES.size()];
        String[] reports = new String[count];
        List<Set<String>> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticEcg r = records.get(i);
            signals[i] = r.signal();
            reports[i] = r.report();
            codes.add(r.labels());
            for (DiagnosticClass c : r.truth().classes()) {
                labels[i][SUPERCLASSES.indexOf(c.name())] = 1f;
            }
        }
        return new EcgArrays(signals, labels, SUPERCLASSES, samplingRate, reports, new String[count], codes);
    }
}
