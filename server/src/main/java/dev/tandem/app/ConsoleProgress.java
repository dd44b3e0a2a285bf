package dev.tandem.app;

import dev.tandem.common.Progress;
import java.io.PrintStream;

/** A progress bar on the console, redrawn at most ten times a second. */
final class ConsoleProgress implements Progress {

    private final PrintStream out;
    private final String label;
    private final long started = System.nanoTime();
    private long lastDrawn;

    private ConsoleProgress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    static ConsoleProgress start(PrintStream out, String label) {
        return new ConsoleProgress(out, label);
    }

    @Override
    public synchronized void update(long done, long total) {
        long now = System.nanoTime();
        if (done < total && now - lastDrawn < 100_000_000L) {
            return;
        }
        lastDrawn = now;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        out.printf("\r%s [%s%s] %d/%d  %.0f/s", label, "#".repeat(filled), " ".repeat(width - filled), done, total, rate);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }
}
