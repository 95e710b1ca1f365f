package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.ecg.cgdmer.CgDmer;
import org.cardiograd.ecg.cgdmer.CgDmerConfig;
import org.cardiograd.tensor.Rng;

/**
 * CG-DMER's masked ECG modelling picture: a test ECG, the cells of the lead x time grid hidden from the encoder
 * (whole leads, time spans across all leads, single cells; or whole time patches in the lead-agnostic
 * ablation) and the decoder's reconstruction of them.
 */
final class CgDmerReconstructionFigure {
    private CgDmerReconstructionFigure() {}

    static void save(CgDmer model, EcgArrays data, long seed, Path png) throws IOException {
        CgDmerConfig.Ecg c = model.config().ecg();
        CgDmer.Reconstruction r;
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            r = model.reconstruct(data.batch(new int[] {0}, data.signals()), new Rng(seed));
        }
        float[] hidden = r.masking().mask().toArray();
        boolean[] hiddenTokens = new boolean[hidden.length];
        for (int t = 0; t < hidden.length; t++) {
            hiddenTokens[t] = hidden[t] > 0.5f;
        }
        float[][] ecg = data.signals()[0];
        int samples = ecg[0].length;
        int used = c.usedSamples(); // samples after the last whole patch are not tokenized and stay visible
        float[] predicted = r.predicted().toArray();
        float[][] reconstruction = new float[c.leads()][samples];
        for (int lead = 0; lead < c.leads(); lead++) {
            System.arraycopy(predicted, lead * used, reconstruction[lead], 0, used);
        }
        String kind = c.tokenization() == CgDmerConfig.Tokenization.SPATIAL_TEMPORAL
                ? "spatial-temporal masking" : "lead-agnostic masking";
        MaskedReconstructionFigure.save(ecg, MaskedReconstructionFigure.sampleMask(hiddenTokens, c.leads(), samples,
                c.patch()), reconstruction, data.samplingRate(), "CG-DMER " + kind, png);
    }
}
