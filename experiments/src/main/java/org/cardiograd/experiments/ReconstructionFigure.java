package org.cardiograd.experiments;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.ecg.plot.EcgPlot;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

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
        float[][] original = data.signals()[0];
        float[][] reconstruction = new float[c.leads()][c.samples()];
        boolean[][] shade = new boolean[c.leads()][c.samples()];
        for (int lead = 0; lead < c.leads(); lead++) {
            for (int t = 0; t < c.samples(); t++) {
                boolean masked = hidden[t / c.patch()] > 0.5f;
                shade[lead][t] = masked;
                // Visible patches are not scored; draw the reconstruction only where the model had to guess.
                reconstruction[lead][t] = masked ? predicted[lead * c.samples() + t] : Float.NaN;
            }
        }
        new EcgPlot(data.samplingRate()).layout(EcgPlot.Layout.TWELVE_BY_ONE)
                .title("CREMA reconstruction: original (black), masked patches (shaded), reconstruction (red)")
                .trace(original, Color.BLACK, "original")
                .trace(reconstruction, new Color(210, 40, 40), "reconstruction")
                .shade(shade)
                .save(png);
    }
}
