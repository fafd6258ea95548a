package dev.ftmatrix.stats;

/** A two-sided confidence interval for a proportion, both ends in [0, 1]. */
public record Interval(double low, double high) {
    public Interval {
        if (!(low >= 0 && low <= high && high <= 1)) {
            throw new IllegalArgumentException("not an interval within [0, 1]: [" + low + ", " + high + "]");
        }
    }
}
