package org.cardiograd.ecg.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.signal.FixedLength;
import org.cardiograd.ecg.signal.Normalization;
import org.cardiograd.ecg.signal.Preprocessor;

/** Small random records for the data tests, and a preprocessor that leaves them unchanged. */
final class TestRecords {
    static final int RATE = 500;
    static final String[] CLASSES = {"AF", "MI", "NORM", "STTC"};

    private TestRecords() {
    }

    /** Resampling, filters and normalization off: a 500 Hz record of {@code length} samples passes unchanged. */
    static Preprocessor identity(int length) {
        return new Preprocessor(RATE, 0, 0.67, 40, 0, 30, Normalization.NONE, length, FixedLength.Pad.ZERO);
    }

    /**
     * {@code count} records "rec-0", ... of uniform noise within +-{@code amplitudeMv}, each with 0-2 labels,
     * a report (some null, some with tabs, line breaks, backslashes and non-Latin text), a patient id (some null)
     * and metadata.
     */
    static List<EcgRecord> random(int count, int length, double amplitudeMv, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EcgRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] signal = new float[12][length];
            for (float[] lead : signal) {
                for (int t = 0; t < length; t++) {
                    lead[t] = (float) ((rng.nextDouble() * 2 - 1) * amplitudeMv);
                }
            }
            Set<String> labels = new LinkedHashSet<>();
            for (int k = rng.nextInt(3); k > 0; k--) {
                labels.add(CLASSES[rng.nextInt(CLASSES.length)]);
            }
            String report = switch (i % 4) {
                case 0 -> null;
                case 1 -> "sinus rhythm.\tnormal ecg.\nsecond line \\ with a backslash and \\N";
                case 2 -> "Sinusrhythmus, überdrehter Linkstyp; 窦性心律 ❤️ — \r\nend";
                default -> "report " + i;
            };
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("Age", String.valueOf(20 + i));
            metadata.put("Sex", i % 2 == 0 ? "Female" : "Male");
            metadata.put("note\twith tab", "value\nwith newline");
            records.add(new EcgRecord("rec-" + i, signal, RATE, labels, report, i % 3 == 0 ? null : "patient-" + i / 2,
                    metadata));
        }
        return records;
    }
}
