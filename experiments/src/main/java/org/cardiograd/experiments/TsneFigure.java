package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cardiograd.ecg.eval.Tsne;
import org.cardiograd.ecg.plot.ScatterPlot;

/**
 * The t-SNE picture of ECG embeddings: each ECG a point coloured by its class. ECGs are multi-label, and a point
 * has one colour, so an ECG with exactly one class takes that class's colour, one with several is drawn as
 * "several classes" and one with none as "no class".
 */
final class TsneFigure {
    static final String SEVERAL = "several classes";
    static final String NONE = "no class";

    private TsneFigure() {}

    /**
     * @param embeddings {@code [n][d]} ECG embeddings
     * @param labels     {@code [n][classes.size()]} multi-hot labels
     */
    static void save(float[][] embeddings, float[][] labels, List<String> classes, long seed, String title, Path png)
            throws IOException {
        if (labels.length != embeddings.length) {
            throw new IllegalArgumentException(labels.length + " label rows for " + embeddings.length + " embeddings");
        }
        // Perplexity 30, or less for small sets: a third of the other points at most.
        double perplexity = Math.min(30, Math.max(1, (embeddings.length - 1) / 3.0));
        float[][] map = new Tsne(perplexity, 1000, 200, seed).embed(embeddings);
        List<String> names = new ArrayList<>(classes);
        names.add(SEVERAL);
        names.add(NONE);
        new ScatterPlot(title).points(map, colourClasses(labels, classes.size()), names).save(png);
    }

    /** The colour index of each row: its class if it has exactly one, else {@code classes} (several) or none. */
    static int[] colourClasses(float[][] labels, int classes) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].length != classes) {
                throw new IllegalArgumentException("label row " + i + " has " + labels[i].length + " entries, expected "
                        + classes);
            }
            int found = -1;
            int count = 0;
            for (int c = 0; c < classes; c++) {
                if (labels[i][c] > 0.5f) {
                    found = c;
                    count++;
                }
            }
            out[i] = count == 1 ? found : count > 1 ? classes : classes + 1;
        }
        return out;
    }
}
