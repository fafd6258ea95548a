package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.Statistics.Claim;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerformanceEvidenceTest {
    private static final List<Double> TWIN_S = List.of(0.100, 0.101, 0.099, 0.100, 0.102);
    private static final List<Double> FT_S = List.of(0.140, 0.141, 0.139, 0.140, 0.142);

    private static ProbeReport.Threads threads(double speedup, boolean noisy) {
        return new ProbeReport.Threads(4, 5, 1.0, 4 / speedup, List.of(0.9, 1.1), List.of(2.0, 2.2), speedup,
                speedup / 2, noisy, noisy, null);
    }

    private static ProbeReport probe(int gilDisabled, ProbeReport.Threads threads, ProbeReport.Benchmarks bench,
            ProbeReport.Memory memory) {
        return new ProbeReport(2, "/p", "3.13.5", "cpython", gilDisabled, gilDisabled == 0, gilDisabled == 0, null,
                threads, null, List.of(), List.of(), new ProbeReport.Cpus(2, 2, 2, null, "test CPU"), bench, memory);
    }

    private static ProbeReport.Benchmarks twinBench(int repeats) {
        return new ProbeReport.Benchmarks(repeats, "/twin", null, List.of(
                new ProbeReport.Workload("arithmetic", FT_S.subList(0, repeats), TWIN_S.subList(0, repeats)),
                new ProbeReport.Workload("calls", FT_S.subList(0, repeats), TWIN_S.subList(0, repeats))));
    }

    private static CellResult result(String cell, String method, ProbeReport probe, CellResult.PeakMemory memory) {
        return new CellResult(new CellResult.Identity("run-1", cell, "m", "4", "3.13t", 1, 1),
                new CellResult.Setup("debian-trixie", "debian:trixie", "sha256:a", method, "source-build", "f00",
                        Map.of()),
                new CellResult.Verdict(probe.freeThreadedBuild() ? Outcome.PASS : Outcome.NOT_FREE_THREADED, null,
                        List.of()),
                new CellResult.Execution("/p", new Durations(10.0, 5.0, 16.0), Instant.EPOCH, Instant.EPOCH, "logs/x",
                        null, false, false), new CellResult.Measurement(null, null, memory),
                probe, CellResult.Replay.NONE);
    }

    private static List<Claim> claims(CellResult... results) {
        StatisticsBuilder b = new StatisticsBuilder();
        for (CellResult r : results) {
            b.accept(r);
        }
        return b.build().claims();
    }

    private static Claim claim(List<Claim> claims, String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    @Test
    void aTwinWithFiveRepeatsGivesAPenaltyWithAnIntervalAndAVerdict() {
        ProbeReport.Memory memory = new ProbeReport.Memory("objects-heap", List.of(130L, 131L, 129L),
                List.of(100L, 100L, 101L));
        List<Claim> claims = claims(result("a", "src", probe(1, threads(1.9, false), twinBench(5), memory), null));
        Claim penalty = claim(claims, "single-thread-penalty:src/3.13t");
        assertThat(penalty.verdict()).isEqualTo("consistent");
        assertThat(penalty.baseline()).isEqualTo("twin");
        assertThat(penalty.n()).isEqualTo(1);
        assertThat(penalty.measured()).startsWith("+40% (95% CI +");
        assertThat(penalty.interval().low()).isLessThanOrEqualTo(0.4).isGreaterThan(0.35);
        Claim overhead = claim(claims, "memory-overhead");
        assertThat(overhead.verdict()).isEqualTo("consistent");
        assertThat(overhead.measured()).startsWith("+30% peak RSS (95% CI +");
        assertThat(claim(claims, "single-thread-penalty").interval()).isEqualTo(penalty.interval());
    }

    @Test
    void fewerThanFiveRepeatsIsNotAVerdict() {
        Claim penalty = claim(claims(result("a", "src", probe(1, threads(1.9, false), twinBench(3), null), null)),
                "single-thread-penalty");
        assertThat(penalty.verdict()).isEqualTo("not_measured");
        assertThat(penalty.measured()).endsWith("; 1 cell; fewer than 5 repeats in 1 of them");
        assertThat(penalty.interval()).isNotNull();
    }

    @Test
    void againstUnlikeBuildsTheFigureIsShownWithoutAVerdict() {
        ProbeReport.Benchmarks noTwin = new ProbeReport.Benchmarks(5, null, null,
                List.of(new ProbeReport.Workload("arithmetic", FT_S, null)));
        ProbeReport.Benchmarks gil = new ProbeReport.Benchmarks(5, null, null,
                List.of(new ProbeReport.Workload("arithmetic", TWIN_S, null)));
        Claim penalty = claim(claims(result("a", "src", probe(1, null, noTwin, null), null),
                result("b", "distro-apt", probe(0, null, gil, null), null)), "single-thread-penalty");
        assertThat(penalty.verdict()).isEqualTo("not_measured");
        assertThat(penalty.baseline()).isEqualTo("unlike-build");
        assertThat(penalty.measured()).startsWith("+40% (95% CI ").contains("against other cells' GIL builds");
    }

    @Test
    void aTwinThatFailedToInstallSaysWhy() {
        ProbeReport.Benchmarks failed = new ProbeReport.Benchmarks(5, null, "make failed (exit 2): error: x", List.of(
                new ProbeReport.Workload("arithmetic", FT_S, null)));
        Claim penalty = claim(claims(result("a", "src", probe(1, null, failed, null), null)), "single-thread-penalty");
        assertThat(penalty.verdict()).isEqualTo("not_measured");
        assertThat(penalty.measured()).isEqualTo("the GIL twin could not be installed: make failed (exit 2): error: x");
    }

    @Test
    void aNoisySpeedupIsKeptOutOfTheClaim() {
        Claim gains = claim(claims(result("a", "src", probe(1, threads(3.5, true), null, null), null),
                result("b", "src", probe(1, threads(1.9, false), null, null), null)), "multithreaded-gains");
        assertThat(gains.n()).isEqualTo(1);
        assertThat(gains.measured()).isEqualTo("median speedup 1.90x with 4 threads on 2 available CPUs (efficiency"
                + " 0.95; 1 cell; 1 noisy left out); with 2 usable CPUs no speedup above 2x is possible, so 2-3x"
                + " cannot be checked");
        assertThat(gains.verdict()).isEqualTo("not_measured");
    }

    /** Thread scaling on 4 threads with every repeat recorded: one thread takes 1 s, four take {@code 4 / speedup}. */
    private static ProbeReport.Threads scaling(double speedup, boolean noisy) {
        List<Double> one = List.of(1.00, 1.02, 0.98, 1.01, 0.99);
        List<Double> many = one.stream().map(t -> t * 4 / speedup).toList();
        return new ProbeReport.Threads(4, 5, 1.0, 4 / speedup, List.of(0.98, 1.02), List.of(), speedup, speedup / 4,
                noisy, false, null, one, many);
    }

    private static ProbeReport probeOn4Cpus(ProbeReport.Threads threads) {
        return new ProbeReport(2, "/p", "3.14.7", "cpython", 1, true, true, null, threads, null, List.of(), List.of(),
                new ProbeReport.Cpus(4, 4, 4, null, "test CPU"), null, null);
    }

    @Test
    void theSpeedupHasABootstrapIntervalOverCellsAndRepeats() {
        Claim gains = claim(claims(result("a", "src", probeOn4Cpus(scaling(2.5, false)), null),
                result("b", "src", probeOn4Cpus(scaling(2.0, false)), null)), "multithreaded-gains");
        // Computed by hand: each cell's median one-thread time over its median four-thread time per thread is its
        // speedup, 2.5 and 2.0; their geometric mean is sqrt(5) = 2.236.
        assertThat(gains.measured()).isEqualTo("median speedup 2.25x with 4 threads on 4 available CPUs (efficiency"
                + " 0.56; 2 cells); geometric mean 2.24x, 95% CI " + String.format(java.util.Locale.ROOT,
                "%.2fx to %.2fx", gains.interval().low(), gains.interval().high())
                + " (bootstrap over cells and repeats)");
        // Resampling the two cells can give both the 2.0 cell or both the 2.5 one, and the repeats add their spread.
        assertThat(gains.interval().low()).isBetween(1.9, Math.sqrt(5));
        assertThat(gains.interval().high()).isBetween(Math.sqrt(5), 2.6);
        assertThat(gains.verdict()).isEqualTo("consistent");
        assertThat(gains.n()).isEqualTo(2);
    }

    @Test
    void aSpeedupIntervalBelowTwoDiffers() {
        Claim gains = claim(claims(result("a", "src", probeOn4Cpus(scaling(1.2, false)), null)), "multithreaded-gains");
        assertThat(gains.interval().high()).isLessThan(2);
        assertThat(gains.verdict()).isEqualTo("differs");
    }

    @Test
    void withoutEveryRepeatTheSpeedupHasNoInterval() {
        Claim gains = claim(claims(result("a", "src", probeOn4Cpus(scaling(2.5, false)), null),
                result("b", "src", probeOn4Cpus(threads(2.2, false)), null)), "multithreaded-gains");
        assertThat(gains.interval()).isNull();
        assertThat(gains.measured()).doesNotContain("CI");
        assertThat(gains.verdict()).isEqualTo("consistent");
    }

    @Test
    void onlyNoisySpeedupsAreNotMeasured() {
        Claim gains = claim(claims(result("a", "src", probe(1, threads(3.5, true), null, null), null)),
                "multithreaded-gains");
        assertThat(gains.verdict()).isEqualTo("not_measured");
        assertThat(gains.measured()).isEqualTo("1 thread-scaling measurements were impossible (faster than the CPUs"
                + " allow, twice) and are left out");
    }

    @Test
    void theLargestPeakDecidesTheMinimumRamClaim() {
        long mib = 1024 * 1024;
        List<Claim> claims = claims(
                result("a", "src", probe(1, null, null, null), new CellResult.PeakMemory(600 * mib, 900 * mib)),
                result("b", "distro-apt", probe(0, null, null, null), new CellResult.PeakMemory(100 * mib, 300 * mib)));
        Claim ram = claim(claims, "minimum-ram");
        assertThat(ram.verdict()).isEqualTo("differs");
        assertThat(ram.n()).isEqualTo(2);
        assertThat(ram.measured()).isEqualTo("largest peak 900 MiB (src; install, venv and packages, page cache"
                + " included) over 2 trials that installed an interpreter");
    }

    @Test
    void theInputOrderDoesNotChangeTheInterval() {
        CellResult a = result("a", "src", probe(1, null, twinBench(5), null), null);
        CellResult b = result("b", "src", probe(1, null, new ProbeReport.Benchmarks(5, "/twin", null, List.of(
                new ProbeReport.Workload("arithmetic", TWIN_S, TWIN_S))), null), null);
        assertThat(claim(claims(a, b), "single-thread-penalty").interval())
                .isEqualTo(claim(claims(b, a), "single-thread-penalty").interval());
    }
}
