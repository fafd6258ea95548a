package dev.ftmatrix.stats;

import dev.ftmatrix.stats.Statistics.RankingCheck;

/** The ranking check of two adjacent claimed tiers; see {@link RankingCheck} for the decision rule. */
public final class Ranking {
    public static final double DECISIVE = 0.95;
    static final long MAX_MORE_TRIALS = 1_000_000;

    private Ranking() {
    }

    /** One tier's pooled counts; {@code methods}: how many methods contributed trials. */
    public record TierCounts(String tier, long trials, long passes, int methods) {
    }

    public static RankingCheck check(TierCounts higher, TierCounts lower) {
        if (higher.trials() == 0 || lower.trials() == 0) {
            String missing = higher.trials() == 0 ? higher.tier() : lower.tier();
            return new RankingCheck(higher.tier(), lower.tier(), higher.trials(), higher.passes(), lower.trials(),
                    lower.passes(), null, "not_measured", null, "tier " + missing + " has no trials");
        }
        double p = probability(higher.trials(), higher.passes(), lower.trials(), lower.passes());
        String verdict = verdict(p);
        Long more = null;
        String note = null;
        if (verdict.equals("inconclusive")) {
            more = moreTrialsPerMethod(higher, lower);
            boolean higherLooksBetter = higher.passes() * lower.trials() > lower.passes() * higher.trials();
            if (more != null) {
                note = "if the observed rates held, " + more + " more trials per method would make it "
                        + (higherLooksBetter ? "supported" : "contradicted");
            } else {
                note = higher.passes() * lower.trials() == lower.passes() * higher.trials()
                        ? "equal observed pass rates: more trials would not decide it if they held"
                        : "would take more than " + MAX_MORE_TRIALS + " more trials per method";
            }
        }
        return new RankingCheck(higher.tier(), lower.tier(), higher.trials(), higher.passes(), lower.trials(),
                lower.passes(), p, verdict, more, note);
    }

    static String verdict(double probability) {
        if (probability >= DECISIVE) {
            return "supported";
        }
        if (probability <= 1 - DECISIVE) {
            return "contradicted";
        }
        return "inconclusive";
    }

    private static double probability(long trials1, long passes1, long trials2, long passes2) {
        return BetaComparison.probabilityFirstGreater(passes1, trials1 - passes1, passes2, trials2 - passes2);
    }

    /**
     * The fewest extra trials per method after which the verdict would no longer be inconclusive, if each tier
     * kept its observed pass rate: each tier gets {@code k * methods} more trials with passes in proportion.
     * Exponential search, then bisection; null for equal rates or beyond {@link #MAX_MORE_TRIALS}.
     */
    static Long moreTrialsPerMethod(TierCounts higher, TierCounts lower) {
        if (higher.passes() * lower.trials() == lower.passes() * higher.trials()) {
            return null;
        }
        long hi = 1;
        while (!decided(higher, lower, hi)) {
            if (hi >= MAX_MORE_TRIALS) {
                return null;
            }
            hi = Math.min(hi * 2, MAX_MORE_TRIALS);
        }
        long lo = hi / 2;
        while (hi - lo > 1) {
            long mid = (lo + hi) / 2;
            if (decided(higher, lower, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean decided(TierCounts higher, TierCounts lower, long extraPerMethod) {
        long n1 = higher.trials() + extraPerMethod * Math.max(higher.methods(), 1);
        long n2 = lower.trials() + extraPerMethod * Math.max(lower.methods(), 1);
        long s1 = Math.round((double) higher.passes() / higher.trials() * n1);
        long s2 = Math.round((double) lower.passes() / lower.trials() * n2);
        return !verdict(probability(n1, s1, n2, s2)).equals("inconclusive");
    }
}
