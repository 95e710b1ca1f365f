package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.tensor.Rng;

/**
 * The MAE picture: one test ECG on ECG paper (black), the patches hidden from the encoder shaded, and the
 * decoder's reconstruction of the hidden patches (red).
 */
final class ReconstructionFigure {
    private ReconstructionFigure() {}

    static void save(Crema model, EcgArrays data, long seed, Path png) throws IOException {
        CremaConfig c = model.config();
        Crema.Reconstruction r;
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            r = model.reconstruct(data.batch(new int[] {0}, data.signals()), new Rng(seed));
        }
        float[] predicted = r.predicted().toArray();
        float[] hidden = r.masking().mask().toArray();
        boolean[] hiddenPatches = new boolean[hidden.length];
        for (int p = 0; p < hidden.length; p++) {
            hiddenPatches[p] = hidden[p] > 0.5f;
        }
        float[][] reconstruction = new float[c.leads()][c.samples()];
        for (int lead = 0; lead < c.leads(); lead++) {
            System.arraycopy(predicted, lead * c.samples(), reconstruction[lead], 0, c.samples());
        }
        MaskedReconstructionFigure.save(data.signals()[0],
                MaskedReconstructionFigure.sampleMask(hiddenPatches, c.leads(), c.samples(), c.patch()),
                reconstruction, data.samplingRate(), "CREMA reconstruction", png);
    }
}
