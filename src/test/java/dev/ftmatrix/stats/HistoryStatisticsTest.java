package dev.ftmatrix.stats;

import static dev.ftmatrix.results.history.HistoryFixtures.RUN_A;
import static dev.ftmatrix.results.history.HistoryFixtures.RUN_B;
import static dev.ftmatrix.results.history.HistoryFixtures.RUN_C;
import static dev.ftmatrix.results.history.HistoryFixtures.RUN_D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.history.HistoryFixtures;
import dev.ftmatrix.results.history.HistoryLocation;
import dev.ftmatrix.results.history.HistoryStore;
import dev.ftmatrix.results.history.HistoryStore.Filter;
import dev.ftmatrix.stats.Flakiness.FlakyCell;
import dev.ftmatrix.stats.HistoryTrend.By;
import dev.ftmatrix.stats.HistoryTrend.ControlPoint;
import dev.ftmatrix.stats.HistoryTrend.Period;
import dev.ftmatrix.stats.HistoryTrend.Point;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trends and flip rates of the four made-up runs of {@link HistoryFixtures#fourRuns}, read from a real SQLite
 * history and counted by hand in the comments.
 */
class HistoryStatisticsTest {
    @TempDir
    static Path tmp;
    static HistoryStore store;

    @BeforeAll
    static void importFourRuns() throws Exception {
        store = HistoryStore.open(HistoryLocation.resolve(tmp.resolve("h.sqlite").toString(), Map.of()),
                HistoryStore.Access.CREATE);
        store.importResults(HistoryFixtures.fourRuns(tmp.resolve("runs")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void trendPerRunCountsTrialsAsReportDoes() {
        HistoryTrend t = HistoryStatistics.trend(store, Filter.all(), By.RUN);
        assertThat(t.by()).isEqualTo("run");
        // B has no run.json: its start is its earliest cell's, 09:00.
        assertThat(t.periods()).extracting(Period::key, Period::start).containsExactly(
                tuple(RUN_A, Instant.parse("2026-11-16T10:00:00Z")), tuple(RUN_B, Instant.parse("2026-11-18T09:00:00Z")),
                tuple(RUN_C, Instant.parse("2026-11-23T08:00:00Z")), tuple(RUN_D, Instant.parse("2026-11-25T07:00:00Z")));
        // A, tier 1: uv P P F and #4's retry P (its infra error apart); uv-fake is simulated: 3 of 4.
        // A, tier 4: the only result reused an install: no trials. C, tier 1: #4 had only an infra error: 1 of 3.
        assertThat(t.tiers()).extracting(Point::period, Point::key, Point::trials, Point::passes, Point::infraErrors,
                Point::reusedInstalls).containsExactly(
                tuple(RUN_A, "1", 4L, 3L, 1L, 0L), tuple(RUN_A, "2", 2L, 1L, 0L, 0L), tuple(RUN_A, "4", 0L, 0L, 0L, 1L),
                tuple(RUN_B, "1", 4L, 3L, 0L, 0L), tuple(RUN_B, "2", 2L, 2L, 0L, 0L),
                tuple(RUN_C, "1", 3L, 1L, 1L, 0L), tuple(RUN_C, "2", 2L, 2L, 0L, 0L),
                tuple(RUN_D, "1", 4L, 2L, 0L, 0L));
        Point a1 = t.tiers().get(0);
        assertThat(a1.passRate()).isEqualTo(0.75);
        assertThat(a1.interval()).isEqualTo(new Interval(0.300642, 0.954413));
        assertThat(t.tiers().get(2).passRate()).isNull();
        assertThat(t.tiers().get(2).interval()).isNull();
        assertThat(t.tiers().get(5).interval()).isEqualTo(new Interval(0.061492, 0.79234));
    }

    @Test
    void methodsCarryTheirTierAndWhatWasNotCounted() {
        HistoryTrend t = HistoryStatistics.trend(store, Filter.all(), By.RUN);
        assertThat(t.methods()).filteredOn(p -> p.period().equals(RUN_A))
                .extracting(Point::key, Point::tier, Point::trials, Point::passes, Point::infraErrors, Point::simulated,
                        Point::reusedInstalls)
                .containsExactly(tuple("uv", "1", 4L, 3L, 1L, 0L, 0L), tuple("uv-fake", "1", 0L, 0L, 0L, 1L, 0L),
                        tuple("conda", "2", 2L, 1L, 0L, 0L, 0L), tuple("source", "4", 0L, 0L, 0L, 0L, 1L));
    }

    @Test
    void controlsStandApartWithTheirDetectionRateAndAReusedInstallCounts() {
        HistoryTrend t = HistoryStatistics.trend(store, Filter.all(), By.RUN);
        // distro-apt in A: NOT_FREE_THREADED, PASS (missed), NOT_FREE_THREADED on a reused install: 2 of 3 caught.
        assertThat(t.controls()).extracting(ControlPoint::period, ControlPoint::method, ControlPoint::trials,
                ControlPoint::detected, ControlPoint::detectionRate)
                .containsExactly(tuple(RUN_A, "distro-apt", 3L, 2L, 0.666667));
        assertThat(t.tiers()).extracting(Point::key).doesNotContain("control");
        assertThat(t.methods()).extracting(Point::key).doesNotContain("distro-apt");
    }

    @Test
    void trendPerIsoWeekPoolsTheRunsStartedInIt() {
        HistoryTrend t = HistoryStatistics.trend(store, Filter.all(), By.WEEK);
        assertThat(t.periods()).extracting(Period::key, Period::start, Period::runs).containsExactly(
                tuple("2026-W47", Instant.parse("2026-11-16T00:00:00Z"), List.of(RUN_A, RUN_B)),
                tuple("2026-W48", Instant.parse("2026-11-23T00:00:00Z"), List.of(RUN_C, RUN_D)));
        // W47 tier 1: A 3/4 + B 3/4 = 6/8; W48 tier 1: C 1/3 + D 2/4 = 3/7.
        assertThat(t.tiers()).extracting(Point::period, Point::key, Point::trials, Point::passes, Point::passRate,
                Point::interval).containsExactly(
                tuple("2026-W47", "1", 8L, 6L, 0.75, new Interval(0.409275, 0.928521)),
                tuple("2026-W47", "2", 4L, 3L, 0.75, new Interval(0.300642, 0.954413)),
                tuple("2026-W47", "4", 0L, 0L, null, null),
                tuple("2026-W48", "1", 7L, 3L, 0.428571, new Interval(0.15822, 0.749542)),
                tuple("2026-W48", "2", 2L, 2L, 1.0, new Interval(0.34238, 1.0)));
    }

    @Test
    void filtersSelectResultsByMethodTierAndStartDate() {
        HistoryTrend conda = HistoryStatistics.trend(store, new Filter("conda", null, null, List.of()), By.RUN);
        assertThat(conda.periods()).extracting(Period::key).containsExactly(RUN_A, RUN_B, RUN_C);
        assertThat(conda.tiers()).extracting(Point::key).containsOnly("2");
        assertThat(conda.methods()).extracting(Point::key).containsOnly("conda");
        assertThat(conda.controls()).isEmpty();

        HistoryTrend tier1 = HistoryStatistics.trend(store, new Filter(null, "1", null, List.of()), By.RUN);
        assertThat(tier1.methods()).extracting(Point::key).containsOnly("uv", "uv-fake");

        HistoryTrend since = HistoryStatistics.trend(store, new Filter(null, null, LocalDate.parse("2026-11-23"),
                List.of()), By.RUN);
        assertThat(since.periods()).extracting(Period::key).containsExactly(RUN_C, RUN_D);

        HistoryTrend otherMatrix = HistoryStatistics.trend(store, new Filter(null, null, null, List.of("other")),
                By.RUN);
        assertThat(otherMatrix.periods()).isEmpty();
    }

    @Test
    void flakyCellsAreThoseWhoseVerdictFlipsBetweenConsecutiveRuns() {
        Flakiness f = HistoryStatistics.flakiness(store, 2);
        // Considered: uv #1-#4 and conda #1-#2 (uv-fake is simulated, source reused, distro-apt ran once).
        // uv #1 PPFP: 2 flips in 3 steps; uv #3 FPPF: 2/3; conda #2 FPP: 1/2; uv #2 PFFF: 1/3.
        // uv #4 is P in A (its retry), B and D, and has no trial in C (infra error only): PPP, no flip.
        assertThat(f.cellsConsidered()).isEqualTo(6);
        assertThat(f.cells()).extracting(FlakyCell::cell, FlakyCell::runs, FlakyCell::passes, FlakyCell::flips,
                FlakyCell::flipRate, FlakyCell::sequence, FlakyCell::lastRun, FlakyCell::lastOutcome)
                .containsExactly(
                        tuple("debian/uv/3.13t#1", 4, 3, 2, 0.666667, "PPFP", RUN_D, "PASS"),
                        tuple("debian/uv/3.13t#3", 4, 2, 2, 0.666667, "FPPF", RUN_D, "INSTALL_FAILED"),
                        tuple("debian/conda/3.13t#2", 3, 2, 1, 0.5, "FPP", RUN_C, "PASS"),
                        tuple("debian/uv/3.13t#2", 4, 1, 1, 0.333333, "PFFF", RUN_D, "INSTALL_FAILED"));
        assertThat(f.cells().get(0).method()).isEqualTo("uv");
        assertThat(f.cells().get(0).tier()).isEqualTo("1");
    }

    @Test
    void minRunsLeavesOutCellsSeenInFewerRuns() {
        Flakiness f = HistoryStatistics.flakiness(store, 4);
        assertThat(f.cellsConsidered()).isEqualTo(3);
        assertThat(f.cells()).extracting(FlakyCell::cell)
                .containsExactly("debian/uv/3.13t#1", "debian/uv/3.13t#3", "debian/uv/3.13t#2");
    }

    @Test
    void aTrendOverOneRunCountsExactlyWhatReportCounts() throws Exception {
        StatisticsBuilder b = new StatisticsBuilder();
        ResultsReader.read(HistoryFixtures.REPORT_FIXTURE, b::accept);
        Statistics report = b.build();
        HistoryTrend trend;
        try (HistoryStore fixture = HistoryStore.open(HistoryLocation.resolve(tmp.resolve("fixture.sqlite").toString(),
                Map.of()), HistoryStore.Access.CREATE)) {
            fixture.importResults(List.of(HistoryFixtures.REPORT_FIXTURE));
            trend = HistoryStatistics.trend(fixture, Filter.all(), By.RUN);
        }
        assertThat(trend.tiers()).extracting(Point::key, Point::trials, Point::passes, Point::passRate,
                Point::interval, Point::infraErrors, Point::reusedInstalls)
                .containsExactlyElementsOf(report.tiers().stream().map(g -> tuple(g.key(), g.trials(), g.passes(),
                        g.passRate(), g.interval(), g.infraErrors(), g.reusedInstalls())).toList());
        assertThat(trend.methods()).extracting(Point::key, Point::trials, Point::passes, Point::infraErrors,
                Point::simulated, Point::reusedInstalls)
                .containsExactlyInAnyOrderElementsOf(report.methods().stream().map(g -> tuple(g.key(), g.trials(),
                        g.passes(), g.infraErrors(), g.simulated(), g.reusedInstalls())).toList());
        assertThat(trend.controls()).extracting(ControlPoint::method, ControlPoint::trials, ControlPoint::detected,
                ControlPoint::infraErrors, ControlPoint::simulated)
                .containsExactlyElementsOf(report.controls().stream().map(c -> tuple(c.method(), c.trials(),
                        c.detected(), c.infraErrors(), c.simulated())).toList());
    }

    @Test
    void isoWeeksFollowTheWeekBasedYear() {
        assertThat(HistoryStatistics.week(Instant.parse("2027-01-01T12:00:00Z"))).isEqualTo("2026-W53");
        assertThat(HistoryStatistics.week(Instant.parse("2024-12-30T00:00:00Z"))).isEqualTo("2025-W01");
        assertThat(HistoryStatistics.week(null)).isEqualTo("undated");
    }

    @Test
    void notApplicableResultsAddNothingToTheTrend() {
        Instant start = Instant.parse("2026-12-01T02:00:00Z");
        HistoryTrend trend = HistoryStatistics.trend(List.of(
                new HistoryStore.OutcomeCount("r1", start, "1", "uv", Outcome.PASS, false, false, 2),
                new HistoryStore.OutcomeCount("r1", start, "1", "macos-homebrew", Outcome.NOT_APPLICABLE, false, false, 3)),
                By.RUN);
        assertThat(trend.tiers()).extracting(Point::key, Point::trials,
                Point::passes).containsExactly(tuple("1", 2L, 2L));
        assertThat(trend.methods()).extracting(Point::key).containsExactly("uv");
    }
}
