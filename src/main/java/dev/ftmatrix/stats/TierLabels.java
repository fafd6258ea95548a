package dev.ftmatrix.stats;

import java.util.Comparator;

/** Tiers as results record them ({@code "1"}, {@code "4"}, {@code "control"}), and the one order they sort in. */
public final class TierLabels {
    /** The label of a negative control. */
    public static final String CONTROL = "control";

    /** Numeric tiers in numeric order, then the rest (control, unknown) by name. */
    public static final Comparator<String> ORDER = Comparator.comparingInt(TierLabels::level)
            .thenComparing(Comparator.naturalOrder());

    private TierLabels() {
    }

    public static boolean isControl(String tier) {
        return CONTROL.equals(tier);
    }

    private static int level(String tier) {
        // Checked before parsing: sorting a million rows must not throw an exception per comparison with "control".
        if (tier.isEmpty() || tier.length() > 9 || !tier.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.MAX_VALUE;
        }
        return Integer.parseInt(tier);
    }
}
