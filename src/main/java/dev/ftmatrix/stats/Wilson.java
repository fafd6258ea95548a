package dev.ftmatrix.stats;

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927; method 3 of Newcombe 1998). Unlike the
 * Wald interval it stays inside [0, 1] and is neither empty nor degenerate at 0/n and n/n, which matters here:
 * a method that passed 20 of 20 trials is not certainly perfect.
 */
public final class Wilson {
    /** The 0.975 quantile of the standard normal distribution: a 95% two-sided interval. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /** The 95% interval for {@code successes} of {@code trials}; trials must be positive. */
    public static Interval interval95(long successes, long trials) {
        return interval(successes, trials, Z95);
    }

    public static Interval interval(long successes, long trials, double z) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials > 0: " + successes + "/" + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double denominator = 1 + z2 / n;
        // At 0/n and n/n the exact end is 0 or 1; rounding must not move it.
        double low = successes == 0 ? 0 : Math.max(0, (centre - spread) / denominator);
        double high = successes == trials ? 1 : Math.min(1, (centre + spread) / denominator);
        return new Interval(low, high);
    }
}
