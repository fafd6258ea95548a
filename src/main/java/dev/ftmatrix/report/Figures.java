package dev.ftmatrix.report;

import dev.ftmatrix.stats.Interval;
import java.util.Locale;

/**
 * How figures are written wherever a person reads them: a rate as a percent with one decimal, an interval as its two
 * ends, a count with its noun. {@code absent} stands for a figure that has no value (no trials); {@code dash} joins an
 * interval's ends.
 */
public record Figures(String absent, String dash) {
    /** Markdown and the terminal. */
    public static final Figures TEXT = new Figures("-", "-");
    /** HTML: an empty cell for no value, an en dash between an interval's ends. */
    public static final Figures HTML = new Figures("", "&ndash;");

    public String percent(Double rate) {
        return rate == null ? absent : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    public String interval(Interval i) {
        return i == null ? absent : String.format(Locale.ROOT, "%.1f%s%.1f%%", i.low() * 100, dash, i.high() * 100);
    }

    /** {@code 1 run}, {@code 2 runs}. */
    public static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
