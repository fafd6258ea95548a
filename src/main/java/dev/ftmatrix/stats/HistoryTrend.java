package dev.ftmatrix.stats;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Pass rates over time from the run history: per tier, per method and per control, in each period (a run, or an ISO
 * week of run start times). Trials are counted as in {@link Statistics}: no infrastructure errors, no simulated
 * results, no reused installs, controls apart. Lists are in period order (oldest first), then tier order, then key.
 * The {@code history} section of report.json and a table of report.md; a renderer needs nothing else.
 */
public record HistoryTrend(String by, List<Period> periods, List<Point> tiers, List<Point> methods,
        List<ControlPoint> controls) {
    public HistoryTrend {
        Objects.requireNonNull(by, "by");
        periods = List.copyOf(periods);
        tiers = List.copyOf(tiers);
        methods = List.copyOf(methods);
        controls = List.copyOf(controls);
    }

    /** The tiers that have a point in some period, in tier order: the columns of a tier trend table. */
    public SortedSet<String> tierKeys() {
        SortedSet<String> keys = new TreeSet<>(TierLabels.ORDER);
        tiers.forEach(p -> keys.add(p.key()));
        return keys;
    }

    /** Each period's tier points by tier: a table's cells, looked up by row and column. */
    public Map<String, Map<String, Point>> tiersByPeriod() {
        Map<String, Map<String, Point>> byPeriod = new HashMap<>();
        tiers.forEach(p -> byPeriod.computeIfAbsent(p.period(), k -> new HashMap<>()).put(p.key(), p));
        return byPeriod;
    }

    /** How results are grouped in time. */
    public enum By {
        /** One period per run id. */
        RUN,
        /** One period per ISO week (Monday to Sunday, UTC) of the runs' start times. */
        WEEK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A period: a run id or an ISO week such as {@code 2026-W47}; {@code start} is the run's start or the week's
     * Monday 00:00 UTC (null for runs with no recorded time); {@code runs} the run ids it pools.
     */
    public record Period(String key, Instant start, List<String> runs) {
        public Period {
            Objects.requireNonNull(key, "key");
            runs = List.copyOf(runs);
        }
    }

    /**
     * One tier or method in one period. {@code passRate} and {@code interval} (95% Wilson) are null without trials;
     * {@code tier} is set for methods.
     */
    public record Point(String period, String key, String tier, long trials, long passes, Double passRate,
            Interval interval, long infraErrors, long simulated, long reusedInstalls) {
    }

    /** A negative control in one period: how often it was caught (any outcome but PASS). */
    public record ControlPoint(String period, String method, long trials, long detected, Double detectionRate,
            Interval interval, long infraErrors, long simulated) {
    }
}
