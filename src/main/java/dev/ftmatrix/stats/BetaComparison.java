package dev.ftmatrix.stats;

/**
 * P(p1 > p2) for two binomial success probabilities with independent uniform Beta(1, 1) priors, so that
 * {@code p_i | data ~ Beta(1 + successes_i, 1 + failures_i)}. Computed exactly with the closed form for integer
 * parameters (Evan Miller, "Formulas for Bayesian A/B testing", 2014; also Cook 2005):
 *
 * <pre>
 *   P(pB > pA) = sum_{i=0}^{aB-1} B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA))
 * </pre>
 *
 * evaluated in log space. The sum has one term per success of the first sample; by the symmetries
 * P(p1 > p2) = 1 - P(p2 > p1) and P(p1 > p2) = P(1 - p2 > 1 - p1) it is taken over the smallest of the four counts,
 * so it stays exact and cheap at any size.
 */
public final class BetaComparison {
    private BetaComparison() {
    }

    /** The posterior probability that the first method's pass probability exceeds the second's. */
    public static double probabilityFirstGreater(long successes1, long failures1, long successes2, long failures2) {
        if (successes1 < 0 || failures1 < 0 || successes2 < 0 || failures2 < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        long smallest = Math.min(Math.min(successes1, failures1), Math.min(successes2, failures2));
        if (smallest == successes1) {
            return clamp(sum(successes1, failures1, successes2, failures2));
        }
        if (smallest == successes2) {
            return clamp(1 - sum(successes2, failures2, successes1, failures1));
        }
        if (smallest == failures2) {
            return clamp(sum(failures2, successes2, failures1, successes1));
        }
        return clamp(1 - sum(failures1, successes1, failures2, successes2));
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }

    /** The closed form, summing over successes1 + 1 terms. */
    private static double sum(long successes1, long failures1, long successes2, long failures2) {
        // B is the first sample, A the second, in the formula's names.
        long aB = successes1 + 1;
        long bB = failures1 + 1;
        long aA = successes2 + 1;
        long bA = failures2 + 1;
        double logBetaA = logBeta(aA, bA);
        double total = 0;
        for (long i = 0; i < aB; i++) {
            total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBetaA);
        }
        return total;
    }

    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /** ln Gamma(x) for x > 0 by the Lanczos approximation (g = 7, n = 9), relative error about 1e-15. */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
