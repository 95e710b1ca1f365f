package org.cardiograd.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.cardiograd.ecg.plot.Png;

/**
 * Loss curves (one line per series, log-scaled y axis) drawn with Java2D and saved as PNG. The legend stands
 * right of the plot area, so it never hides a curve.
 */
final class LossCurvePlot {
    /** Distinct colours for up to 8 series (the CG-DMER demo draws 6), repeated beyond. */
    static final Color[] COLORS = {new Color(200, 40, 40), new Color(30, 90, 200), new Color(30, 150, 60),
        new Color(150, 60, 170), new Color(220, 130, 0), new Color(0, 150, 160), new Color(120, 80, 40),
        new Color(90, 90, 90)};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int MARGIN = 60;
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Legend: a short line in the series' colour, then its name. */
    private static final int SWATCH = 22;
    private static final int LEGEND_ROW = 18;
    /** Between the plot's right edge and the legend, and right of the legend. */
    private static final int GAP = 15;

    /**
     * Where things go in the picture: the plot area (axes box, curves) and the legend box right of it, one row of
     * {@code row} pixels per series.
     */
    record Layout(Rectangle plot, Rectangle legend, int row) {}

    private final Map<String, double[]> series = new LinkedHashMap<>();
    private final String title;

    LossCurvePlot(String title) {
        this.title = title;
    }

    LossCurvePlot add(String name, List<Double> values) {
        series.put(name, values.stream().mapToDouble(Double::doubleValue).toArray());
        return this;
    }

    /** The named columns of a metrics CSV (header line, then one row per step) as curves. */
    static LossCurvePlot fromCsv(Path csv, String title, List<String> columns) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        LossCurvePlot plot = new LossCurvePlot(title);
        for (String column : columns) {
            int k = header.indexOf(column);
            if (k < 0) {
                throw new IOException(csv + ": no column '" + column + "' in header " + header);
            }
            List<Double> values = lines.subList(1, lines.size()).stream()
                    .map(l -> Double.parseDouble(l.split(",")[k])).toList();
            if (values.stream().anyMatch(v -> v > 0)) {
                plot.add(column, values);
            }
        }
        return plot;
    }

    /**
     * The layout for series of these names, {@code textWidth} measuring a name in the legend's font: the legend
     * is as wide as its widest name (at most a third of the picture), the plot area takes the rest; rows squeeze
     * (down to 11 pixels) when many series must fit the plot's height.
     */
    static Layout layout(List<String> names, ToIntFunction<String> textWidth) {
        int widest = 0;
        for (String n : names) {
            widest = Math.max(widest, textWidth.applyAsInt(n));
        }
        int legendW = Math.min(SWATCH + 6 + widest, WIDTH / 3);
        int plotH = HEIGHT - 2 * MARGIN;
        int row = Math.max(11, Math.min(LEGEND_ROW, plotH / Math.max(1, names.size())));
        Rectangle legend = new Rectangle(WIDTH - GAP - legendW, MARGIN, legendW, row * names.size());
        Rectangle plot = new Rectangle(MARGIN, MARGIN, legend.x - GAP - MARGIN, plotH);
        return new Layout(plot, legend, row);
    }

    void save(Path png) throws IOException {
        BufferedImage image = Png.image(WIDTH, HEIGHT);
        Graphics2D g = Png.canvas(image);
        Layout layout = layout(List.copyOf(series.keySet()), g.getFontMetrics(LEGEND_FONT)::stringWidth);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        int steps = 1;
        for (double[] v : series.values()) {
            steps = Math.max(steps, v.length);
            for (double x : v) {
                if (x > 0) {
                    lo = Math.min(lo, Math.log10(x));
                    hi = Math.max(hi, Math.log10(x));
                }
            }
        }
        if (lo > hi) {
            lo = -1;
            hi = 1;
        }
        lo = Math.floor(lo * 4) / 4;
        hi = Math.ceil(hi * 4) / 4 + 1e-9;
        int plotW = layout.plot().width;
        int plotH = layout.plot().height;
        g.setColor(new Color(225, 225, 225));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double tick = lo; tick <= hi; tick += 0.25) {
            int y = MARGIN + (int) Math.round(plotH * (hi - tick) / (hi - lo));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(MARGIN, y, MARGIN + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.3g", Math.pow(10, tick)), 5, y + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(MARGIN, MARGIN, plotW, plotH);
        g.drawString("step", MARGIN + plotW / 2, HEIGHT - 20);
        g.drawString("1", MARGIN, MARGIN + plotH + 15);
        g.drawString(Integer.toString(steps), MARGIN + plotW - 20, MARGIN + plotH + 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title + " (log scale)", MARGIN, 30);
        g.setStroke(new BasicStroke(1.5f));
        int k = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Color c = COLORS[k % COLORS.length];
            g.setColor(c);
            double[] v = e.getValue();
            int px = -1;
            int py = -1;
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] > 0)) {
                    continue;
                }
                int x = MARGIN + (int) Math.round(plotW * (double) i / Math.max(1, steps - 1));
                int y = MARGIN + (int) Math.round(plotH * (hi - Math.log10(v[i])) / (hi - lo));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            int rowY = layout.legend().y + k * layout.row() + layout.row() / 2;
            g.drawLine(layout.legend().x, rowY, layout.legend().x + SWATCH - 4, rowY);
            g.setFont(LEGEND_FONT);
            g.drawString(e.getKey(), layout.legend().x + SWATCH + 2, rowY + 5);
            k++;
        }
        g.dispose();
        Png.write(image, png);
    }
}
