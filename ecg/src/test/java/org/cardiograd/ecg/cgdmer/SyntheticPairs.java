package org.cardiograd.ecg.cgdmer;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.ecg.synth.SyntheticEcg;
import org.cardiograd.ecg.synth.SyntheticEcgConfig;
import org.cardiograd.ecg.synth.SyntheticEcgGenerator;
import org.cardiograd.ecg.text.WordPieceTokenizer;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Tensor;

/**
 * Synthetic ECG + report pairs sized for {@link CgDmerParityTest#TINY} (12 leads x 210 samples at 100 Hz), with a
 * WordPiece vocabulary trained on the reports. The ECGs are a CPU tensor [count, 12, 210].
 */
record SyntheticPairs(Tensor ecg, WordPieceTokenizer tokenizer, List<String> reports) {

    static SyntheticPairs generate(long seed, int count, int vocabSize) {
        SyntheticEcgConfig data = SyntheticEcgConfig.defaults().withSamplingRate(100).withDuration(2.1);
        List<SyntheticEcg> records = new SyntheticEcgGenerator(data, seed).generate(0, count, 1);
        List<String> reports = new ArrayList<>();
        float[] signal = new float[count * 12 * 210];
        for (int i = 0; i < records.size(); i++) {
            reports.add(records.get(i).report());
            for (int lead = 0; lead < 12; lead++) {
                System.arraycopy(records.get(i).signal()[lead], 0, signal, (i * 12 + lead) * 210, 210);
            }
        }
        return new SyntheticPairs(Tensor.fromArray(Backends.cpu(), signal, count, 12, 210),
                WordPieceTokenizer.train(reports, vocabSize), reports);
    }

    WordPieceTokenizer.EncodedBatch text(int maxTokens) {
        return tokenizer.encodeBatch(reports, maxTokens);
    }
}
