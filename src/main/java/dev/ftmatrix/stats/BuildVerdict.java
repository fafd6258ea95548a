package dev.ftmatrix.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a CI build's colour should say about a report ({@code report --fail-on}): FAILURE when the results cannot
 * be trusted as a whole (too many infrastructure errors, an incomplete run), UNSTABLE when they show something a
 * maintainer must look at (a negative control not caught, a claimed tier ranking contradicted, a method that
 * regressed against the history, or a history that could not be read), else SUCCESS. A failing cell on its own
 * changes nothing: that is what the matrix measures.
 */
public record BuildVerdict(Status status, List<String> reasons) {
    public enum Status { SUCCESS, UNSTABLE, FAILURE }

    /** What {@code --fail-on} can name. */
    public enum Condition {
        /** UNSTABLE: a negative control passed the free-threaded checks. */
        control,
        /** UNSTABLE: a claimed ranking of adjacent tiers is contradicted by the trials. */
        ranking,
        /** UNSTABLE: a method's pass rate is below its history's (posterior probability at least 0.95). */
        regression,
        /** UNSTABLE: the history given with --history could not be read. */
        history,
        /** FAILURE: infrastructure errors are more than the allowed share of the results. */
        infra,
        /** FAILURE: a run is incomplete (a shard missing, a run not finished). */
        incomplete
    }

    /** The posterior probability from which a lower pass rate than the history's counts as a regression. */
    public static final double REGRESSION_PROBABILITY = 0.95;

    public BuildVerdict {
        reasons = List.copyOf(reasons);
    }

    /**
     * Judges the statistics. {@code history} may be null (no history given); {@code historyProblem} says why a
     * given history could not be read; {@code incompleteRuns} names the runs that are not complete;
     * {@code maxInfraShare} is the largest share of infrastructure errors among the results that is still fine.
     */
    public static BuildVerdict judge(Statistics s, HistoryTrend history, String historyProblem,
            List<String> incompleteRuns, double maxInfraShare, Set<Condition> conditions) {
        List<String> failure = new ArrayList<>();
        List<String> unstable = new ArrayList<>();
        Statistics.Totals t = s.totals();
        if (conditions.contains(Condition.infra) && t.results() > 0
                && (double) t.infraErrors() / t.results() > maxInfraShare) {
            failure.add(String.format(Locale.ROOT, "infra: %d of %d results are infrastructure errors (%.1f%%, more"
                    + " than the %.1f%% allowed by --max-infra-errors)", t.infraErrors(), t.results(),
                    100.0 * t.infraErrors() / t.results(), 100 * maxInfraShare));
        }
        if (conditions.contains(Condition.incomplete)) {
            incompleteRuns.forEach(r -> failure.add("incomplete: " + r));
        }
        if (conditions.contains(Condition.control)) {
            for (Statistics.Control c : s.controls()) {
                if (c.detected() < c.trials()) {
                    unstable.add("control: " + c.method() + " was not caught in " + (c.trials() - c.detected())
                            + " of " + c.trials() + " trials (a GIL build passed the free-threaded checks)");
                }
            }
        }
        if (conditions.contains(Condition.ranking)) {
            for (Statistics.RankingCheck r : s.ranking()) {
                if ("contradicted".equals(r.verdict())) {
                    unstable.add(String.format(Locale.ROOT, "ranking: tier %s > tier %s is contradicted (P = %.3f)",
                            r.higherTier(), r.lowerTier(), r.probability()));
                }
            }
        }
        if (conditions.contains(Condition.regression) && history != null) {
            unstable.addAll(regressions(s, history));
        }
        if (conditions.contains(Condition.history) && historyProblem != null) {
            unstable.add("history: " + historyProblem);
        }
        List<String> reasons = new ArrayList<>(failure);
        reasons.addAll(unstable);
        Status status = !failure.isEmpty() ? Status.FAILURE : !unstable.isEmpty() ? Status.UNSTABLE : Status.SUCCESS;
        return new BuildVerdict(status, reasons);
    }

    /** Methods whose trials here are worse than their trials in the history's other runs, pooled. */
    static List<String> regressions(Statistics s, HistoryTrend history) {
        Set<String> thisRun = Set.copyOf(s.totals().runs());
        Map<String, long[]> before = new TreeMap<>();
        for (HistoryTrend.Point p : history.methods()) {
            if (!thisRun.contains(p.period())) {
                long[] counts = before.computeIfAbsent(p.key(), k -> new long[2]);
                counts[0] += p.trials();
                counts[1] += p.passes();
            }
        }
        List<String> found = new ArrayList<>();
        for (Statistics.Group m : s.methods()) {
            long[] old = before.get(m.key());
            if (old == null || old[0] == 0 || m.trials() == 0) {
                continue;
            }
            double p = BetaComparison.probabilityFirstGreater(old[1], old[0] - old[1], m.passes(),
                    m.trials() - m.passes());
            if (p >= REGRESSION_PROBABILITY) {
                found.add(String.format(Locale.ROOT, "regression: %s passed %d of %d trials, against %d of %d in"
                        + " the history's earlier runs (P = %.3f that it got worse)", m.key(), m.passes(),
                        m.trials(), old[1], old[0], p));
            }
        }
        return found;
    }
}
