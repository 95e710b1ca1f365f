package org.cardiograd.ecg.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a 12-lead ECG on standard ECG paper (25 mm/s, 10 mm/mV, 1 mm minor and 5 mm major grid) as a PNG.
 *
 * <p>Layouts: the classic 3 x 4 printout (I, II, III | aVR, aVL, aVF | V1-V3 | V4-V6, each column showing its
 * quarter of the record) with a full-length lead II rhythm strip below, or one full-length row per lead. Several
 * signals of the same shape can be overlaid in different colours (e.g. original, masked input, reconstruction),
 * and per-lead sample masks are shaded. Each row starts with a 1 mV calibration pulse.
 *
 * <pre>{@code
 * new EcgPlot(500).title("record 7: MI, SR").trace(signal, Color.BLACK, "signal").save(Path.of("ecg.png"));
 * }</pre>
 */
public final class EcgPlot {

    /** The standard lead order the 3 x 4 layout expects. */
    public static final String[] STANDARD_LEADS = {"I", "II", "III", "aVR", "aVL", "aVF",
        "V1", "V2", "V3", "V4", "V5", "V6"};

    public static final double MM_PER_SECOND = 25;
    public static final double MM_PER_MV = 10;

    /** Page layout. */
    public enum Layout {
        /** 3 rows x 4 columns of 2.5 s (for a 10 s record) plus a lead II rhythm strip. */
        STANDARD_3X4,
        /** One full-length row per lead. */
        TWELVE_BY_ONE
    }

    private static final Color PAPER = new Color(255, 246, 246);
    private static final Color MINOR_LINE = new Color(250, 200, 200);
    private static final Color MAJOR_LINE = new Color(232, 120, 120);
    private static final Color TEXT = new Color(30, 30, 30);
    private static final Color DEFAULT_SHADE = new Color(70, 110, 220, 60);
    private static final Color[] DEFAULT_COLORS = {Color.BLACK, new Color(0, 90, 200), new Color(210, 40, 40),
        new Color(0, 140, 60)};

    private static final double MARGIN_LEFT_MM = 12;
    private static final double MARGIN_RIGHT_MM = 5;
    private static final double HEADER_MM = 12;
    private static final double MARGIN_BOTTOM_MM = 5;
    private static final double ROW_3X4_MM = 32;
    private static final double ROW_12X1_MM = 22;
    private static final int STANDARD_ROWS = 3;
    private static final int STANDARD_COLUMNS = 4;
    private static final int RHYTHM_LEAD = 1;

    private final double samplingRate;
    private Layout layout = Layout.STANDARD_3X4;
    private String title = "";
    private String[] leadNames = STANDARD_LEADS;
    private double pixelsPerMm = 5;
    private final List<Trace> traces = new ArrayList<>();
    private boolean[][] mask;
    private Color shadeColor = DEFAULT_SHADE;

    private record Trace(float[][] signal, Color color, String label) {
    }

    public EcgPlot(double samplingRate) {
        if (!(samplingRate > 0)) {
            throw new IllegalArgumentException("sampling rate must be positive, got " + samplingRate);
        }
        this.samplingRate = samplingRate;
    }

    public EcgPlot layout(Layout l) {
        this.layout = l;
        return this;
    }

    public EcgPlot title(String t) {
        this.title = t == null ? "" : t;
        return this;
    }

    /** Names drawn on the rows; defaults to {@link #STANDARD_LEADS}. */
    public EcgPlot leadNames(String... names) {
        this.leadNames = names.clone();
        return this;
    }

    /** Resolution; the default 5 px/mm gives a 10 s page about 1.3k pixels wide. */
    public EcgPlot pixelsPerMm(double px) {
        if (!(px >= 1 && px <= 40)) {
            throw new IllegalArgumentException("pixels per mm must be in [1, 40], got " + px);
        }
        this.pixelsPerMm = px;
        return this;
    }

    /** Adds a signal (leads x samples, mV) drawn in {@code color}; later traces are drawn on top. */
    public EcgPlot trace(float[][] signal, Color color, String label) {
        checkShape(signal, "trace '" + label + "'");
        traces.add(new Trace(signal, color, label));
        return this;
    }

    /** Adds a signal in the next default colour (black, blue, red, green). */
    public EcgPlot trace(float[][] signal, String label) {
        return trace(signal, DEFAULT_COLORS[traces.size() % DEFAULT_COLORS.length], label);
    }

    /** Shades the samples where {@code masked[lead][sample]} is true (e.g. the masked input of an autoencoder). */
    public EcgPlot shade(boolean[][] masked) {
        return shade(masked, DEFAULT_SHADE);
    }

    public EcgPlot shade(boolean[][] masked, Color color) {
        if (masked == null || masked.length == 0) {
            throw new IllegalArgumentException("mask must have at least one lead");
        }
        for (int i = 1; i < masked.length; i++) {
            if (masked[i].length != masked[0].length) {
                throw new IllegalArgumentException("mask lead " + i + " has " + masked[i].length
                    + " samples, expected " + masked[0].length);
            }
        }
        this.mask = masked;
        this.shadeColor = color;
        return this;
    }

    /** Image width in pixels for a record of {@code samples} samples. */
    public int width(int samples) {
        return px(MARGIN_LEFT_MM + samples / samplingRate * MM_PER_SECOND + MARGIN_RIGHT_MM);
    }

    /** Image height in pixels for a record of {@code leads} leads. */
    public int height(int leads) {
        return px(HEADER_MM + rows(leads) * rowHeightMm() + MARGIN_BOTTOM_MM);
    }

    public BufferedImage render() {
        if (traces.isEmpty()) {
            throw new IllegalStateException("nothing to plot: add a trace first");
        }
        int leads = traces.get(0).signal.length;
        int samples = traces.get(0).signal[0].length;
        if (layout == Layout.STANDARD_3X4 && leads != 12) {
            throw new IllegalStateException("the 3x4 layout needs 12 leads in standard order, got " + leads);
        }
        if (leadNames.length < leads) {
            throw new IllegalStateException("got " + leadNames.length + " lead names for " + leads + " leads");
        }
        if (mask != null && (mask.length != leads || mask[0].length != samples)) {
            throw new IllegalStateException("mask is " + mask.length + " x " + mask[0].length + ", expected "
                + leads + " x " + samples);
        }
        BufferedImage image = Png.image(width(samples), height(leads));
        Graphics2D g = Png.canvas(image);
        try {
            drawGrid(g, samples, leads);
            drawHeader(g, image.getWidth());
            for (Cell cell : cells(leads, samples)) {
                drawCell(g, cell);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes the PNG atomically (temporary file in the same folder, then rename). */
    public void save(Path png) throws IOException {
        Png.write(render(), png);
    }

    /** One drawn strip: lead {@code lead}, samples {@code from..to-1}, placed at a page position in mm. */
    private record Cell(int lead, int from, int to, double xMm, double baselineMm, double topMm, double heightMm,
                        boolean calibration) {
    }

    private List<Cell> cells(int leads, int samples) {
        List<Cell> cells = new ArrayList<>();
        double rowHeight = rowHeightMm();
        if (layout == Layout.TWELVE_BY_ONE) {
            for (int lead = 0; lead < leads; lead++) {
                double top = HEADER_MM + lead * rowHeight;
                cells.add(new Cell(lead, 0, samples, MARGIN_LEFT_MM, top + rowHeight * 0.55, top, rowHeight, true));
            }
            return cells;
        }
        for (int col = 0; col < STANDARD_COLUMNS; col++) {
            int from = (int) ((long) samples * col / STANDARD_COLUMNS);
            int to = (int) ((long) samples * (col + 1) / STANDARD_COLUMNS);
            double x = MARGIN_LEFT_MM + from / samplingRate * MM_PER_SECOND;
            for (int row = 0; row < STANDARD_ROWS; row++) {
                double top = HEADER_MM + row * rowHeight;
                int lead = col * STANDARD_ROWS + row;
                // Each column continues the previous one in time; draw one sample of overlap so the trace joins.
                cells.add(new Cell(lead, from, Math.min(samples, to + 1), x, top + rowHeight * 0.55, top, rowHeight,
                    col == 0));
            }
        }
        double top = HEADER_MM + STANDARD_ROWS * rowHeight;
        cells.add(new Cell(RHYTHM_LEAD, 0, samples, MARGIN_LEFT_MM, top + rowHeight * 0.55, top, rowHeight, true));
        return cells;
    }

    private void drawGrid(Graphics2D g, int samples, int leads) {
        double left = 0;
        double right = MARGIN_LEFT_MM + samples / samplingRate * MM_PER_SECOND + MARGIN_RIGHT_MM;
        double top = HEADER_MM;
        double bottom = HEADER_MM + rows(leads) * rowHeightMm();
        g.setColor(PAPER);
        g.fillRect(px(left), px(top), px(right) - px(left), px(bottom) - px(top));
        // Crisp lines (no antialiasing) anchored at the signal's time origin, so 5 mm boxes line up with 0.2 s.
        Object antialiasing = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        int firstMm = (int) Math.floor(left - MARGIN_LEFT_MM);
        for (int pass = 0; pass < 2; pass++) {
            boolean major = pass == 1;
            g.setColor(major ? MAJOR_LINE : MINOR_LINE);
            g.setStroke(new BasicStroke(major ? Math.max(1, Math.round(pixelsPerMm / 4)) : 1));
            for (int mm = firstMm; MARGIN_LEFT_MM + mm <= right; mm++) {
                if ((Math.floorMod(mm, 5) == 0) == major) {
                    int x = px(MARGIN_LEFT_MM + mm);
                    g.drawLine(x, px(top), x, px(bottom));
                }
            }
            for (int mm = 0; top + mm <= bottom; mm++) {
                if ((mm % 5 == 0) == major) {
                    int y = px(top + mm);
                    g.drawLine(px(left), y, px(right), y);
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, antialiasing);
    }

    private void drawHeader(Graphics2D g, int widthPx) {
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, px(4)));
        g.drawString(title, px(MARGIN_LEFT_MM), px(6));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, px(3)));
        g.drawString("25 mm/s   10 mm/mV   " + Math.round(samplingRate) + " Hz", px(MARGIN_LEFT_MM), px(10.5));
        if (traces.size() > 1 || !traces.get(0).label.isEmpty()) {
            // Legend, right-aligned: a short coloured line and the label per trace.
            int x = widthPx - px(MARGIN_RIGHT_MM);
            for (int i = traces.size() - 1; i >= 0; i--) {
                Trace t = traces.get(i);
                int textWidth = g.getFontMetrics().stringWidth(t.label);
                x -= textWidth;
                g.setColor(TEXT);
                g.drawString(t.label, x, px(10.5));
                x -= px(7);
                g.setColor(t.color);
                g.setStroke(new BasicStroke((float) (0.35 * pixelsPerMm)));
                g.drawLine(x, px(9.5), x + px(5), px(9.5));
                x -= px(4);
            }
        }
    }

    private void drawCell(Graphics2D g, Cell cell) {
        double mmPerSample = MM_PER_SECOND / samplingRate;
        if (mask != null) {
            g.setColor(shadeColor);
            boolean[] m = mask[cell.lead];
            int i = cell.from;
            int end = Math.min(cell.to, m.length);
            while (i < end) {
                if (!m[i]) {
                    i++;
                    continue;
                }
                int runStart = i;
                while (i < end && m[i]) {
                    i++;
                }
                int x0 = px(cell.xMm + (runStart - cell.from) * mmPerSample);
                int x1 = px(cell.xMm + (i - cell.from) * mmPerSample);
                g.fillRect(x0, px(cell.topMm + 1), Math.max(1, x1 - x0), px(cell.heightMm - 2));
            }
        }
        if (cell.calibration) {
            drawCalibrationPulse(g, cell.baselineMm);
        } else {
            // A short bar marks where one lead's column ends and the next begins.
            g.setColor(TEXT);
            g.setStroke(new BasicStroke((float) (0.25 * pixelsPerMm)));
            g.drawLine(px(cell.xMm), px(cell.baselineMm - 3), px(cell.xMm), px(cell.baselineMm + 3));
        }
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.22 * pixelsPerMm), BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND));
        for (Trace t : traces) {
            g.setColor(t.color);
            g.draw(path(t.signal[cell.lead], cell, mmPerSample));
        }
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, px(3.2)));
        g.drawString(leadNames[cell.lead], px(cell.xMm + 1.2), px(cell.topMm + 4.5));
    }

    private Path2D path(float[] lead, Cell cell, double mmPerSample) {
        Path2D.Double p = new Path2D.Double();
        boolean penDown = false;
        for (int i = cell.from; i < cell.to; i++) {
            float v = lead[i];
            if (!Float.isFinite(v)) {
                penDown = false;
                continue;
            }
            double x = (cell.xMm + (i - cell.from) * mmPerSample) * pixelsPerMm;
            double y = (cell.baselineMm - v * MM_PER_MV) * pixelsPerMm;
            if (penDown) {
                p.lineTo(x, y);
            } else {
                p.moveTo(x, y);
                penDown = true;
            }
        }
        return p;
    }

    /** The standard 1 mV, 200 ms calibration step in the left margin. */
    private void drawCalibrationPulse(Graphics2D g, double baselineMm) {
        g.setColor(TEXT);
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.22 * pixelsPerMm)));
        double x0 = 3;
        double y0 = baselineMm;
        double y1 = baselineMm - MM_PER_MV;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(px(x0), px(y0));
        p.lineTo(px(x0 + 1.5), px(y0));
        p.lineTo(px(x0 + 1.5), px(y1));
        p.lineTo(px(x0 + 6.5), px(y1));
        p.lineTo(px(x0 + 6.5), px(y0));
        p.lineTo(px(x0 + 8), px(y0));
        g.draw(p);
    }

    private void checkShape(float[][] signal, String what) {
        if (signal == null || signal.length == 0 || signal[0].length == 0) {
            throw new IllegalArgumentException(what + " is empty: expected leads x samples");
        }
        for (int i = 1; i < signal.length; i++) {
            if (signal[i].length != signal[0].length) {
                throw new IllegalArgumentException(what + ": lead " + i + " has " + signal[i].length
                    + " samples, expected " + signal[0].length);
            }
        }
        if (!traces.isEmpty()) {
            float[][] first = traces.get(0).signal;
            if (first.length != signal.length || first[0].length != signal[0].length) {
                throw new IllegalArgumentException(what + " is " + signal.length + " x " + signal[0].length
                    + ", expected the first trace's shape " + first.length + " x " + first[0].length);
            }
        }
    }

    private int rows(int leads) {
        return layout == Layout.TWELVE_BY_ONE ? leads : STANDARD_ROWS + 1;
    }

    private double rowHeightMm() {
        return layout == Layout.TWELVE_BY_ONE ? ROW_12X1_MM : ROW_3X4_MM;
    }

    private int px(double mm) {
        return (int) Math.round(mm * pixelsPerMm);
    }
}
