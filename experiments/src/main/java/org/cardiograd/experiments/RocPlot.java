package org.cardiograd.experiments;

import org.cardiograd.ecg.plot.Png;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** ROC curves of one class (one curve per model or label fraction) with the chance diagonal, as PNG. */
final class RocPlot {
    private static final Color[] COLORS = {new Color(200, 40, 40), new Color(30, 90, 200), new Color(30, 150, 60),
        new Color(150, 60, 170), new Color(220, 130, 0)};
    private static final int SIZE = 560;
    private static final int MARGIN = 60;

    private record Curve(String name, double[] fpr, double[] tpr) {}

    private final String title;
    private final List<Curve> curves = new ArrayList<>();

    RocPlot(String title) {
        this.title = title;
    }

    /** Adds the ROC curve of scores against 0/1 labels; skipped when a class is absent (no curve exists). */
    RocPlot add(String name, float[] scores, float[] labels, double auroc) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        double positives = 0;
        for (float l : labels) {
            positives += l > 0.5f ? 1 : 0;
        }
        double negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return this;
        }
        List<double[]> points = new ArrayList<>(List.of(new double[] {0, 0}));
        double tp = 0;
        double fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (labels[order[k]] > 0.5f) {
                tp++;
            } else {
                fp++;
            }
            // one point per distinct threshold: tied scores move together (a diagonal segment)
            if (k + 1 == order.length || scores[order[k + 1]] != scores[order[k]]) {
                points.add(new double[] {fp / negatives, tp / positives});
            }
        }
        curves.add(new Curve(String.format(Locale.ROOT, "%s (AUROC %.3f)", name, auroc),
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray()));
        return this;
    }

    void save(Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = SIZE + 2 * MARGIN;
        BufferedImage image = new BufferedImage(w, w, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, w);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 10; i++) {
            int x = MARGIN + SIZE * i / 10;
            int y = MARGIN + SIZE - SIZE * i / 10;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, MARGIN, x, MARGIN + SIZE);
            g.drawLine(MARGIN, y, MARGIN + SIZE, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f", i / 10.0), x - 8, MARGIN + SIZE + 15);
            g.drawString(String.format(Locale.ROOT, "%.1f", i / 10.0), MARGIN - 28, y + 4);
        }
        g.drawRect(MARGIN, MARGIN, SIZE, SIZE);
        g.drawString("false positive rate", MARGIN + SIZE / 2 - 45, MARGIN + SIZE + 35);
        g.drawString("true positive rate", 5, MARGIN - 10);
        g.setColor(Color.GRAY);
        g.drawLine(MARGIN, MARGIN + SIZE, MARGIN + SIZE, MARGIN); // chance
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, MARGIN, 30);
        g.setStroke(new BasicStroke(2f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int k = 0; k < curves.size(); k++) {
            Curve c = curves.get(k);
            g.setColor(COLORS[k % COLORS.length]);
            for (int i = 1; i < c.fpr.length; i++) {
                g.drawLine(px(c.fpr[i - 1]), py(c.tpr[i - 1]), px(c.fpr[i]), py(c.tpr[i]));
            }
            g.drawString(c.name, MARGIN + SIZE / 2, MARGIN + SIZE - 15 - 18 * (curves.size() - 1 - k));
        }
        if (curves.isEmpty()) {
            g.setColor(Color.DARK_GRAY);
            g.drawString("no curve: the test set lacks positives or negatives of this class", MARGIN + 20,
                    MARGIN + SIZE / 2);
        }
        g.dispose();
        Png.write(image, png);
    }

    private static int px(double fpr) {
        return MARGIN + (int) Math.round(SIZE * fpr);
    }

    private static int py(double tpr) {
        return MARGIN + SIZE - (int) Math.round(SIZE * tpr);
    }
}
