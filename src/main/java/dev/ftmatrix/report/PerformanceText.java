package dev.ftmatrix.report;

import dev.ftmatrix.stats.Bounds;
import java.util.Locale;

/** How the performance figures read in every report: a relative change with its interval, and a byte count. */
final class PerformanceText {
    /** Characters of the Markdown interval bar; the axis spans {@link #AXIS_LOW} to {@link #AXIS_HIGH}. */
    static final int BAR_WIDTH = 24;
    static final double AXIS_LOW = -0.2;
    static final double AXIS_HIGH = 1.0;

    private PerformanceText() {
    }

    /** {@code +38% (+31% to +45%)}; empty when not measured. */
    static String change(Double value, Bounds interval) {
        if (value == null) {
            return "";
        }
        return percent(value) + (interval == null ? "" : " (" + percent(interval.low()) + " to "
                + percent(interval.high()) + ")");
    }

    static String percent(double change) {
        return String.format(Locale.ROOT, "%+.0f%%", change * 100);
    }

    static String mebibytes(Long bytes) {
        return bytes == null ? "" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
    }

    /**
     * The interval as a text bar on a fixed axis from -20% to +100% ({@code |} marks 0%, {@code =} the interval,
     * {@code o} the estimate), so rows of a table can be compared by eye; ends beyond the axis are clipped.
     */
    static String bar(Double value, Bounds interval) {
        if (value == null || interval == null) {
            return "";
        }
        char[] cells = new char[BAR_WIDTH];
        java.util.Arrays.fill(cells, '.');
        cells[column(0)] = '|';
        for (int c = column(interval.low()); c <= column(interval.high()); c++) {
            cells[c] = '=';
        }
        cells[column(value)] = 'o';
        return new String(cells);
    }

    private static int column(double change) {
        double clipped = Math.max(AXIS_LOW, Math.min(AXIS_HIGH, change));
        return (int) Math.round((clipped - AXIS_LOW) / (AXIS_HIGH - AXIS_LOW) * (BAR_WIDTH - 1));
    }
}
