package dev.ftmatrix.stats;

/** The two ends of an interval around a measured figure (a ratio, a speedup, a share); {@code low <= high}. */
public record Bounds(double low, double high) {
    public Bounds {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
            throw new IllegalArgumentException("not an interval: [" + low + ", " + high + "]");
        }
    }

    static Bounds of(Interval proportion) {
        return new Bounds(proportion.low(), proportion.high());
    }

    /** Both ends shifted by {@code delta}: a ratio's interval as a relative change (ratio - 1). */
    Bounds plus(double delta) {
        return new Bounds(low + delta, high + delta);
    }

    boolean overlaps(double from, double to) {
        return low <= to && from <= high;
    }
}
