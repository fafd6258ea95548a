package dev.ftmatrix.cli;

import java.time.Duration;

/** How durations read on the console. */
final class Formats {
    private static final int DETAIL_WIDTH = 90;

    private Formats() {
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** Console cells stay on one line; the full text is in cells.jsonl and the cell's log. */
    static String clip(String text) {
        return text.length() <= DETAIL_WIDTH ? text : text.substring(0, DETAIL_WIDTH - 3) + "...";
    }

    static String seconds(double s) {
        return s < 60 ? String.format("%.1fs", s) : String.format("%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
