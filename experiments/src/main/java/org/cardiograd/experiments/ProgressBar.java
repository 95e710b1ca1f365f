package org.cardiograd.experiments;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long work: step, named values (loss parts), items per second and ETA.
 * Redraws in place on a terminal; on a pipe or file it prints a line every few percent instead.
 */
public final class ProgressBar {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;
    private int lastPercentPrinted = -1;

    public ProgressBar(String label, long total) {
        this(label, total, System.err, System.console() != null);
    }

    ProgressBar(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Reports that {@code done} of total steps are finished, {@code items} items (e.g. ECGs) processed so far,
     * with extra fields such as "loss 0.123".
     */
    public void update(long done, long items, String fields) {
        long now = System.nanoTime();
        int percent = (int) (100 * done / Math.max(1, total));
        boolean finished = done >= total;
        if (terminal) {
            if (!finished && now - lastPrint < 200_000_000L) {
                return;
            }
        } else if (!finished && percent / 5 == lastPercentPrinted / 5) {
            return;
        }
        lastPrint = now;
        lastPercentPrinted = percent;
        double seconds = (now - start) / 1e9;
        double rate = items / Math.max(seconds, 1e-9);
        double eta = done == 0 ? Double.NaN : seconds * (total - done) / done;
        int width = 24;
        int filled = (int) (width * done / Math.max(1, total));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s | %.1f ECG/s | %s elapsed, ETA %s", label, bar,
                done, total, fields, rate, clock(seconds), Double.isNaN(eta) ? "?" : clock(eta));
        if (terminal) {
            out.print("\r" + line + (finished ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
