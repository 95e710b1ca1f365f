package org.cardiograd.ecg.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A 2-d scatter plot of points coloured by class with a legend, e.g. a t-SNE map of ECG embeddings
 * ({@link org.cardiograd.ecg.eval.Tsne}). Both axes share one scale, since only distances in the map mean
 * anything; the axes carry no ticks for the same reason.
 *
 * <pre>{@code
 * new ScatterPlot("t-SNE of ECG embeddings").points(map, classOfPoint, List.of("NORM", "MI")).save(png);
 * }</pre>
 */
public final class ScatterPlot {
    /** Ten well-separated colours; more classes continue around the hue circle by the golden angle. */
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(230, 85, 13),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
        new Color(227, 119, 194), new Color(110, 110, 110), new Color(188, 189, 34), new Color(23, 190, 207)};
    private static final Color TEXT = new Color(30, 30, 30);
    private static final int MARGIN = 24;
    private static final int TITLE_HEIGHT = 40;
    private static final int LEGEND_ROW = 18;
    private static final double POINT_DIAMETER = 6;

    private final String title;
    private int width = 1000;
    private int height = 720;
    private float[][] xy;
    private int[] classOf;
    private List<String> classNames;

    public ScatterPlot(String title) {
        this.title = title == null ? "" : title;
    }

    /** Image size in pixels (default 1000 x 720). */
    public ScatterPlot size(int widthPx, int heightPx) {
        if (widthPx < 300 || heightPx < 200) {
            throw new IllegalArgumentException("image must be at least 300 x 200 pixels, got " + widthPx + " x "
                    + heightPx);
        }
        this.width = widthPx;
        this.height = heightPx;
        return this;
    }

    /**
     * The points {@code [n][2]}, the class of each (an index into {@code names}), and the class names shown in
     * the legend in this order.
     */
    public ScatterPlot points(float[][] points, int[] classes, List<String> names) {
        if (points.length == 0 || points.length != classes.length) {
            throw new IllegalArgumentException(points.length + " points with " + classes.length
                    + " class indices; expected the same non-zero number");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != 2 || !Float.isFinite(points[i][0]) || !Float.isFinite(points[i][1])) {
                throw new IllegalArgumentException("point " + i + " must be 2 finite coordinates");
            }
            if (classes[i] < 0 || classes[i] >= names.size()) {
                throw new IllegalArgumentException("point " + i + " has class " + classes[i] + ", expected 0.."
                        + (names.size() - 1) + " for the classes " + names);
            }
        }
        this.xy = points;
        this.classOf = classes;
        this.classNames = List.copyOf(names);
        return this;
    }

    /** The colour of class {@code c}. */
    public static Color color(int c) {
        if (c < PALETTE.length) {
            return PALETTE[c];
        }
        float hue = (float) ((c - PALETTE.length) * 0.618033988749895 % 1.0);
        return Color.getHSBColor(hue, 0.75f, 0.8f);
    }

    public BufferedImage render() {
        if (xy == null) {
            throw new IllegalStateException("nothing to plot: call points(...) first");
        }
        BufferedImage image = Png.image(width, height);
        Graphics2D g = Png.canvas(image);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int legendWidth = legendWidth(g);
            int plotX = MARGIN;
            int plotY = TITLE_HEIGHT;
            int plotW = width - legendWidth - 2 * MARGIN;
            int plotH = height - TITLE_HEIGHT - MARGIN;
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, MARGIN, 26);
            g.setColor(new Color(200, 200, 200));
            g.setStroke(new BasicStroke(1));
            g.drawRect(plotX, plotY, plotW, plotH);
            drawPoints(g, plotX, plotY, plotW, plotH);
            drawLegend(g, plotX + plotW + MARGIN, plotY);
        } finally {
            g.dispose();
        }
        return image;
    }

    public void save(Path png) throws IOException {
        Png.write(render(), png);
    }

    private void drawPoints(Graphics2D g, int plotX, int plotY, int plotW, int plotH) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (float[] p : xy) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double pad = POINT_DIAMETER + 4;
        // One scale for both axes, the map centred in the frame.
        double spanX = Math.max(maxX - minX, 1e-12);
        double spanY = Math.max(maxY - minY, 1e-12);
        double scale = Math.min((plotW - 2 * pad) / spanX, (plotH - 2 * pad) / spanY);
        double cx = plotX + plotW / 2.0 - (minX + maxX) / 2 * scale;
        double cy = plotY + plotH / 2.0 + (minY + maxY) / 2 * scale;
        for (int i = 0; i < xy.length; i++) {
            double px = cx + xy[i][0] * scale;
            double py = cy - xy[i][1] * scale;
            Color c = color(classOf[i]);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 200));
            g.fill(new Ellipse2D.Double(px - POINT_DIAMETER / 2, py - POINT_DIAMETER / 2, POINT_DIAMETER,
                    POINT_DIAMETER));
        }
    }

    private int legendWidth(Graphics2D g) {
        int widest = 0;
        for (int c = 0; c < classNames.size(); c++) {
            widest = Math.max(widest, g.getFontMetrics().stringWidth(legendLabel(c)));
        }
        return Math.min(widest + 30, width / 3);
    }

    private void drawLegend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        // Rows squeeze together (down to 11 px) when many classes must fit the height.
        int row = Math.max(11, Math.min(LEGEND_ROW, (height - y - MARGIN) / classNames.size()));
        for (int c = 0; c < classNames.size(); c++) {
            int rowY = y + 8 + c * row;
            g.setColor(color(c));
            g.fill(new Ellipse2D.Double(x, rowY, 10, 10));
            g.setColor(TEXT);
            g.drawString(legendLabel(c), x + 18, rowY + 10);
        }
    }

    private String legendLabel(int c) {
        int count = 0;
        for (int k : classOf) {
            if (k == c) {
                count++;
            }
        }
        return classNames.get(c) + " (" + count + ")";
    }
}
