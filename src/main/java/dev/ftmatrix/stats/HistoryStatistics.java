package dev.ftmatrix.stats;

import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.history.HistoryStore.OutcomeCount;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.stats.Flakiness.FlakyCell;
import dev.ftmatrix.stats.HistoryTrend.By;
import dev.ftmatrix.stats.HistoryTrend.ControlPoint;
import dev.ftmatrix.stats.HistoryTrend.Period;
import dev.ftmatrix.stats.HistoryTrend.Point;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trends and flakiness from the run history. The store returns what it holds; the arithmetic, and the rules of what
 * counts as a trial ({@link Trial}, shared with {@link StatisticsBuilder}; docs/reports.md, "What counts"), are
 * here.
 */
public final class HistoryStatistics {
    /** The period of runs with no recorded start time, in a trend by week. */
    static final String UNDATED = "undated";

    private HistoryStatistics() {
    }

    /** Pass rates per tier, method and control in each run or ISO week of the results the filter selects. */
    public static HistoryTrend trend(HistoryStore store, HistoryStore.Filter filter, By by) {
        return trend(store.outcomeCounts(filter), by);
    }

    static HistoryTrend trend(List<OutcomeCount> counts, By by) {
        Map<String, PeriodBuilder> periods = new HashMap<>();
        Map<List<String>, StatisticsBuilder.Counter> tiers = new HashMap<>();
        Map<List<String>, StatisticsBuilder.Counter> methods = new HashMap<>();
        Map<List<String>, StatisticsBuilder.Counter> controls = new HashMap<>();
        for (OutcomeCount c : counts) {
            String period = by == By.RUN ? c.runId() : week(c.runStartedAt());
            periods.computeIfAbsent(period, k -> new PeriodBuilder(k, by == By.RUN ? c.runStartedAt()
                    : monday(c.runStartedAt()))).runs.add(c.runId());
            String tier = c.tier() == null ? "?" : c.tier();
            String method = String.valueOf(c.method());
            boolean control = TierLabels.isControl(tier);
            Trial trial = Trial.of(c.simulated(), c.outcome(), control, c.installReused());
            if (trial == Trial.NOT_APPLICABLE) {
                continue;
            }
            StatisticsBuilder.Counter m = (control ? controls : methods).computeIfAbsent(List.of(period, method),
                    k -> new StatisticsBuilder.Counter(tier));
            if (trial == Trial.SIMULATED) {
                m.simulated += c.count();
                continue;
            }
            StatisticsBuilder.Counter t = control ? null
                    : tiers.computeIfAbsent(List.of(period, tier), k -> new StatisticsBuilder.Counter(null));
            if (trial == Trial.INFRA_ERROR) {
                m.infra += c.count();
                if (t != null) {
                    t.infra += c.count();
                }
                continue;
            }
            boolean pass = c.outcome() == Outcome.PASS;
            if (control) {
                m.trials(c.count(), pass ? 0 : c.count(), method);
                continue;
            }
            if (trial == Trial.REUSED_INSTALL) {
                m.reused += c.count();
                t.reused += c.count();
                continue;
            }
            m.trials(c.count(), pass ? c.count() : 0, method);
            t.trials(c.count(), pass ? c.count() : 0, method);
        }
        List<PeriodBuilder> ordered = new ArrayList<>(periods.values());
        ordered.sort(Comparator.comparing((PeriodBuilder p) -> p.start, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(p -> p.key));
        Map<String, Integer> rank = new HashMap<>();
        List<Period> periodList = new ArrayList<>();
        for (PeriodBuilder p : ordered) {
            rank.put(p.key, rank.size());
            periodList.add(new Period(p.key, p.start, List.copyOf(p.runs)));
        }
        Comparator<List<String>> byPeriodThenKey = Comparator.comparing((List<String> k) -> rank.get(k.get(0)))
                .thenComparing(k -> k.get(1), TierLabels.ORDER);
        List<Point> tierPoints = new ArrayList<>();
        sorted(tiers, byPeriodThenKey).forEach((k, c) -> tierPoints.add(point(k, c, null)));
        Comparator<List<String>> methodOrder = Comparator.comparing((List<String> k) -> rank.get(k.get(0)))
                .thenComparing(k -> methods.get(k).tier, TierLabels.ORDER)
                .thenComparing(k -> k.get(1));
        List<Point> methodPoints = new ArrayList<>();
        sorted(methods, methodOrder).forEach((k, c) -> methodPoints.add(point(k, c, c.tier)));
        List<ControlPoint> controlPoints = new ArrayList<>();
        sorted(controls, byPeriodThenKey).forEach((k, c) -> controlPoints.add(new ControlPoint(k.get(0), k.get(1),
                c.trials, c.passes, StatisticsBuilder.rate(c.passes, c.trials),
                StatisticsBuilder.interval(c.passes, c.trials), c.infra, c.simulated)));
        return new HistoryTrend(by.label(), periodList, tierPoints, methodPoints, controlPoints);
    }

    private static Point point(List<String> key, StatisticsBuilder.Counter c, String tier) {
        return new Point(key.get(0), key.get(1), tier, c.trials, c.passes, StatisticsBuilder.rate(c.passes, c.trials),
                StatisticsBuilder.interval(c.passes, c.trials), c.infra, c.simulated, c.reused);
    }

    private static <V> Map<List<String>, V> sorted(Map<List<String>, V> map, Comparator<List<String>> order) {
        Map<List<String>, V> sorted = new TreeMap<>(order);
        sorted.putAll(map);
        return sorted;
    }

    /** The ISO week of an instant in UTC, e.g. {@code 2026-W47}; {@link #UNDATED} for none. */
    static String week(Instant at) {
        if (at == null) {
            return UNDATED;
        }
        ZonedDateTime z = at.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%d-W%02d", z.get(IsoFields.WEEK_BASED_YEAR),
                z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static Instant monday(Instant at) {
        return at == null ? null
                : at.atZone(ZoneOffset.UTC).toLocalDate().with(DayOfWeek.MONDAY).atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
    }

    private static final class PeriodBuilder {
        final String key;
        final Instant start;
        final SortedSet<String> runs = new TreeSet<>();

        PeriodBuilder(String key, Instant start) {
            this.key = key;
            this.start = start;
        }
    }

    /**
     * Cells whose verdict flips between consecutive runs, among those with a trial in at least {@code minRuns} runs.
     * A cell's verdict in a run is its last attempt that was not an infrastructure error, not simulated and (for a
     * method, not a control) did not reuse an install: the result report counts as its trial. The database reduces
     * each cell to one row with its verdict sequence ({@link HistoryStore#verdictsByCell}); the flips, the rate and
     * the order are here.
     */
    public static Flakiness flakiness(HistoryStore store, int minRuns) {
        if (minRuns < 2) {
            throw new IllegalArgumentException("a flip needs at least two runs: " + minRuns);
        }
        List<FlakyCell> flaky = new ArrayList<>();
        long[] considered = {0};
        store.verdictsByCell(minRuns, v -> {
            considered[0]++;
            int flips = flips(v.sequence());
            if (flips > 0) {
                flaky.add(new FlakyCell(v.cell(), v.method(), v.tier(), v.runs(), v.passes(), flips,
                        StatisticsBuilder.round((double) flips / (v.runs() - 1)), v.sequence(), v.lastRun(),
                        v.lastOutcome().name()));
            }
        });
        flaky.sort(Comparator.comparingDouble(FlakyCell::flipRate).reversed()
                .thenComparing(Comparator.comparingInt(FlakyCell::flips).reversed())
                .thenComparing(FlakyCell::cell));
        return new Flakiness(minRuns, considered[0], flaky);
    }

    /** Consecutive verdicts that differ. */
    static int flips(String sequence) {
        int flips = 0;
        for (int i = 1; i < sequence.length(); i++) {
            flips += sequence.charAt(i) != sequence.charAt(i - 1) ? 1 : 0;
        }
        return flips;
    }
}
