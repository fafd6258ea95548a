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

    /**
     * The first key of {@link #ORDER}: a numeric tier's number, {@link Integer#MAX_VALUE} for the rest. A caller
     * that sorts many rows computes it once per row; {@code ORDER} is this, then the label's text.
     */
    public static int level(String tier) {
        // Digits by hand: "control" must not cost an exception.
        if (tier.isEmpty() || tier.length() > 9) {
            return Integer.MAX_VALUE;
        }
        int level = 0;
        for (int i = 0; i < tier.length(); i++) {
            char c = tier.charAt(i);
            if (c < '0' || c > '9') {
                return Integer.MAX_VALUE;
            }
            level = level * 10 + (c - '0');
        }
        return level;
    }
}
