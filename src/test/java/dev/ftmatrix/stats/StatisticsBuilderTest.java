package dev.ftmatrix.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.stats.Statistics.Claim;
import dev.ftmatrix.stats.Statistics.Group;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics of the report fixture (src/test/resources/report/fixture/cells.jsonl, 23 result lines), counted
 * by hand: see the comments for the arithmetic.
 */
class StatisticsBuilderTest {
    static final Path FIXTURE = Path.of("src/test/resources/report/fixture");
    static Statistics stats;

    @BeforeAll
    static void build() {
        StatisticsBuilder b = new StatisticsBuilder();
        ResultsReader.read(FIXTURE, b::accept);
        stats = b.build();
    }

    @Test
    void countsTrialsWithoutInfraErrorsSimulatedResultsReusedInstallsOrControls() {
        Statistics.Totals t = stats.totals();
        // uv 6, dnf 3 (its infra error retried), conda 2, deadsnakes 3, source-debian 2 (third reused).
        assertThat(t.results()).isEqualTo(23);
        assertThat(t.trials()).isEqualTo(16);
        assertThat(t.passes()).isEqualTo(12);
        assertThat(t.infraErrors()).isEqualTo(3);
        assertThat(t.simulated()).isEqualTo(1);
        assertThat(t.reusedInstalls()).isEqualTo(1);
        assertThat(t.controlTrials()).isEqualTo(2);
        assertThat(t.matrices()).containsExactly("fixture");
    }

    @Test
    void ratesPerMethodCarryWilsonIntervalsAndTheSimulatedMethodHasNoTrials() {
        assertThat(stats.methods()).extracting(Group::key, Group::tier, Group::trials, Group::passes,
                Group::infraErrors, Group::simulated, Group::reusedInstalls)
                .containsExactly(
                        tuple("conda", "2", 2L, 1L, 2L, 0L, 0L),
                        tuple("deadsnakes", "3", 3L, 1L, 0L, 0L, 0L),
                        tuple("fedora-dnf", "1", 3L, 3L, 1L, 0L, 0L),
                        tuple("source-debian", "4", 2L, 2L, 0L, 0L, 1L),
                        tuple("uv", "1", 6L, 5L, 0L, 0L, 0L),
                        tuple("uv-fake", "1", 0L, 0L, 0L, 1L, 0L));
        Group uv = stats.methods().get(4);
        assertThat(uv.passRate()).isEqualTo(0.833333);
        assertThat(uv.interval()).isEqualTo(new Interval(0.436497, 0.969947));
        assertThat(stats.methods().get(5).passRate()).isNull();
        assertThat(stats.methods().get(5).interval()).isNull();
    }

    @Test
    void tiersPoolTheirMethodsInTierOrder() {
        assertThat(stats.tiers()).extracting(Group::key, Group::methods, Group::trials, Group::passes)
                .containsExactly(tuple("1", 2, 9L, 8L), tuple("2", 1, 2L, 1L), tuple("3", 1, 3L, 1L),
                        tuple("4", 1, 2L, 2L));
        assertThat(stats.pythons()).extracting(Group::key, Group::trials).containsExactly(tuple("3.13t", 14L),
                tuple("3.14t", 2L));
    }

    @Test
    void controlsReportHowOftenTheyWereCaught() {
        assertThat(stats.controls()).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("distro-apt");
            assertThat(c.trials()).isEqualTo(2);
            assertThat(c.detected()).isEqualTo(2);
            assertThat(c.detectionRate()).isEqualTo(1.0);
        });
    }

    @Test
    void adjacentTiersAreCompared() {
        assertThat(stats.ranking()).extracting(r -> r.higherTier() + ">" + r.lowerTier())
                .containsExactly("1>2", "2>3", "3>4");
        assertThat(stats.ranking()).allSatisfy(r -> assertThat(r.verdict()).isEqualTo("inconclusive"));
        assertThat(stats.ranking().get(0).probability()).isGreaterThan(0.5);
        assertThat(stats.ranking().get(2).probability()).isLessThan(0.5);
        assertThat(stats.ranking().get(0).moreTrialsPerMethod()).isPositive();
    }

    @Test
    void failureTaxonomyCountsOutcomesAndCategoriesPerMethod() {
        assertThat(stats.failures()).filteredOn(t -> t.method().equals("conda")).singleElement().satisfies(t -> {
            assertThat(t.outcomes()).isEqualTo(Map.of("PASS", 1L, "TIMEOUT", 1L, "INFRA_ERROR", 2L));
            assertThat(t.categories()).isEqualTo(Map.of("timeout", 1L));
            assertThat(t.infraCategories()).isEqualTo(Map.of("container", 2L));
        });
        assertThat(stats.failures()).filteredOn(t -> t.method().equals("deadsnakes")).singleElement()
                .satisfies(t -> assertThat(t.categories()).isEqualTo(Map.of("network", 1L, "gil-reenabled", 1L)));
    }

    @Test
    void packagesAreSortedByHowTheyInstalled() {
        assertThat(stats.packages()).extracting(p -> p.packageName() + "@" + p.method(), p -> p.trials(),
                p -> p.freeThreadedWheel(), p -> p.pureWheel(), p -> p.sdist(), p -> p.gilReenabled())
                .containsExactly(
                        tuple("legacyext@deadsnakes", 2L, 0L, 0L, 2L, 1L),
                        tuple("numpy@conda", 1L, 1L, 0L, 0L, 0L),
                        tuple("numpy@deadsnakes", 1L, 1L, 0L, 0L, 0L),
                        tuple("six@conda", 1L, 0L, 1L, 0L, 0L));
    }

    @Test
    void installTimesAreTheMedianAndNearestRankP90OfInstallsThatProducedAnInterpreter() {
        // uv: 96, 97, 98 (3.13t) and 81, 82 (3.14t); the network failure's 30 s is not an install time.
        assertThat(stats.installTimes()).filteredOn(t -> t.method().equals("uv")).singleElement().satisfies(t -> {
            assertThat(t.samples()).isEqualTo(5);
            assertThat(t.medianS()).isEqualTo(96.0);
            assertThat(t.p90S()).isEqualTo(98.0);
            assertThat(t.minS()).isEqualTo(81.0);
        });
        // Probe version 1 timed its threads while other cells worked, with 2 repeats: kept out of every figure.
        assertThat(stats.performance()).filteredOn(s -> s.method().equals("uv") && s.python().equals("3.14t"))
                .singleElement().satisfies(s -> {
                    assertThat(s.scalingCells()).isZero();
                    assertThat(s.speedupMedian()).isNull();
                    assertThat(s.penalty()).isNull();
                });
    }

    @Test
    void theDeadsnakesUptimeClaimCountsTheDeadsnakesRecipeWhateverTheMethodIsCalled() {
        List<CellResult> fixture = new ArrayList<>();
        ResultsReader.read(FIXTURE, fixture::add);
        String original = deadsnakesClaim(fixture);
        assertThat(original).startsWith("1 of 3 passed");

        // Renamed methods: the deadsnakes recipe under another id still counts, a look-alike id of another recipe not.
        List<CellResult> renamed = fixture.stream().map(r -> with(r, "method",
                "deadsnakes".equals(r.setup().recipe()) ? "ppa-jammy"
                        : "uv".equals(r.setup().method()) ? "deadsnakes-lookalike" : r.setup().method())).toList();
        assertThat(deadsnakesClaim(renamed)).isEqualTo(original);
    }

    private static String deadsnakesClaim(List<CellResult> results) {
        StatisticsBuilder b = new StatisticsBuilder();
        results.forEach(b::accept);
        return b.build().claims().stream().filter(c -> c.id().equals("deadsnakes-uptime")).findFirst().orElseThrow()
                .measured();
    }

    private static CellResult with(CellResult r, String field, String value) {
        ObjectNode json = Json.MAPPER.valueToTree(r);
        json.put(field, value);
        return Json.MAPPER.convertValue(json, CellResult.class);
    }

    @Test
    void claimsOfTheFieldGuideAreSetAgainstTheMeasurements() {
        List<Claim> claims = stats.claims();
        assertThat(claims).extracting(Claim::id, Claim::verdict).contains(
                tuple("tier-ranking", "inconclusive"),
                tuple("single-thread-penalty", "not_measured"),
                tuple("memory-overhead", "not_measured"),
                tuple("multithreaded-gains", "not_measured"),
                tuple("wheel-availability", "differs"),
                tuple("gil-reenablement", "consistent"),
                tuple("deadsnakes-uptime", "consistent"),
                tuple("install-time:source-build", "differs"));
        assertThat(claims).filteredOn(c -> c.id().equals("wheel-availability")).singleElement().satisfies(c -> {
            assertThat(c.measured())
                    .isEqualTo("1 of 3 tested packages (33%) never installed from a free-threaded or pure-Python wheel");
            assertThat(c.n()).isEqualTo(3);
            assertThat(c.interval()).isEqualTo(Bounds.of(Wilson.interval95(1, 3)));
        });
        // This fixture is of probe version 1, whose timings were taken while other cells worked and without a twin.
        assertThat(claims).filteredOn(c -> c.id().equals("single-thread-penalty")).singleElement().satisfies(c -> {
            assertThat(c.measured()).isEqualTo("no trial timed the benchmark suite on a free-threaded build and its"
                    + " GIL twin (smoke.baseline: twin)");
            assertThat(c.n()).isZero();
            assertThat(c.interval()).isNull();
        });
        assertThat(claims).filteredOn(c -> c.id().startsWith("single-thread-penalty:")).isEmpty();
        assertThat(claims).filteredOn(c -> c.id().equals("gil-reenablement")).singleElement()
                .extracting(Claim::measured).isEqualTo("1 of 5 package imports re-enabled the GIL (legacyext)");
    }

    @Test
    void withoutResultsEveryClaimIsNotMeasured() {
        Statistics empty = new StatisticsBuilder().build();
        assertThat(empty.claims()).extracting(Claim::verdict).containsOnly("not_measured");
        assertThat(empty.ranking()).isEmpty();
    }
    @Test
    void partsMergedInInputOrderGiveTheStatisticsOfOneSequentialPass() {
        List<CellResult> results = new ArrayList<>();
        ResultsReader.read(FIXTURE, results::add);
        CellResult first = results.get(0);
        ProbeReport.PackageResult numpy = new ProbeReport.PackageResult("numpy", "numpy", "numpy", true, "wheel",
                "numpy.whl", List.of("cp313-cp313t-manylinux_2_17_x86_64"), "2.1", 3.5, true, null, false, null,
                null, null, null, null, null);
        ProbeReport.PackageResult lxml = new ProbeReport.PackageResult("lxml", "lxml", "lxml", true, "sdist", null,
                List.of(), "5.3", 40.0, true, null, true, "gil back on", null, null, null, "gil-reenabled", "back on");
        for (List<ProbeReport.PackageResult> packages : List.of(List.of(numpy, lxml), List.of(lxml))) {
            results.add(new CellResult(new CellResult.Identity(first.identity().runId(),
                            first.identity().cell() + "-packages" + packages.size(), first.identity().matrix(),
                            first.identity().tier(), first.identity().python(), 1, 1),
                    new CellResult.Setup(first.setup().os(), null, null, first.setup().method(), first.setup().recipe(),
                            null, null),
                    new CellResult.Verdict(first.verdict().outcome(), null, null),
                    new CellResult.Execution(null, first.execution().durations(), null, null, null, null, false, false),
                    CellResult.Measurement.NONE,
                    new ProbeReport(1, null, null, null, 1, false, false, null, first.probe().threads(), false,
                            packages, List.of(), null, null, null),
                    CellResult.Replay.NONE));
        }
        StatisticsBuilder sequential = new StatisticsBuilder();
        results.forEach(sequential::accept);
        Statistics expected = sequential.build();
        for (int cut = 0; cut <= results.size(); cut++) {
            StatisticsBuilder head = new StatisticsBuilder();
            StatisticsBuilder tail = new StatisticsBuilder();
            results.subList(0, cut).forEach(head::accept);
            results.subList(cut, results.size()).forEach(tail::accept);
            assertThat(head.merge(tail).build()).as("cut at %d", cut).isEqualTo(expected);
        }
        StatisticsBuilder singles = new StatisticsBuilder();
        for (CellResult r : results) {
            singles.merge(new StatisticsBuilder().accept(r));
        }
        assertThat(singles.build()).isEqualTo(expected);
        assertThat(expected.packages()).isNotEmpty();
    }

    /** A probe-version-2 trial: benchmarks with or without a twin, memory, thread scaling, CPUs, container peak. */
    private static CellResult timed(int i, String method, int gilDisabled, boolean twin, int repeats, double speedup,
            boolean noisy, Integer cpus, Long peak) {
        List<Double> ft = new ArrayList<>();
        List<Double> gil = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            ft.add(0.14 + 0.001 * ((i * 7 + k * 3) % 5));
            gil.add(0.10 + 0.001 * ((i * 5 + k) % 4));
        }
        ProbeReport.Benchmarks bench = new ProbeReport.Benchmarks(repeats, twin ? "/twin" : null,
                twin || gilDisabled == 0 ? null : "no twin for " + i, List.of(
                        new ProbeReport.Workload("arithmetic", gilDisabled == 1 ? ft : gil, twin ? gil : null),
                        new ProbeReport.Workload("calls", gilDisabled == 1 ? ft : gil, twin ? gil : null)));
        ProbeReport.Memory memory = new ProbeReport.Memory("objects-heap", List.of(130_000L + i, 131_000L),
                twin ? List.of(100_000L, 100_500L + i) : null);
        ProbeReport.Threads threads = new ProbeReport.Threads(4, 5, 1.0, 4 / speedup, List.of(0.9, 1.1),
                List.of(1.8, 2.2), speedup, speedup / 4, noisy, noisy, null);
        ProbeReport probe = new ProbeReport(2, "/p", "3.13.5", "cpython", gilDisabled, gilDisabled == 0,
                gilDisabled == 0, null, threads, false, List.of(), List.of(),
                new ProbeReport.Cpus(cpus, 8, 8, null, "test CPU"), bench, memory);
        return new CellResult(new CellResult.Identity("run-1", "c" + i, "m", gilDisabled == 1 ? "4" : "control",
                        gilDisabled == 1 ? "3.13t" : "3.13", 1, 1),
                new CellResult.Setup("debian-trixie", null, null, method, "source-build", null, null),
                new CellResult.Verdict(gilDisabled == 1 ? dev.ftmatrix.results.Outcome.PASS
                        : dev.ftmatrix.results.Outcome.NOT_FREE_THREADED, null, null),
                new CellResult.Execution(null, new dev.ftmatrix.results.Durations(100.0 + i, 5.0, 110.0 + i), null,
                        null, null, null, false, false),
                new CellResult.Measurement(null, null, peak == null ? null : new CellResult.PeakMemory(1L << 29, peak)),
                probe, CellResult.Replay.NONE);
    }

    @Test
    void theTimingPhasesEvidenceMergedInInputOrderIsThatOfOneSequentialPass() {
        List<CellResult> results = List.of(
                timed(0, "src", 1, true, 5, 1.9, false, 4, 3L << 30),
                timed(1, "uv", 1, true, 3, 2.5, false, 2, 1L << 30),
                timed(2, "gil", 0, false, 5, 1.0, false, 8, 3L << 30),
                timed(3, "uv", 1, false, 5, 2.2, true, null, null),
                timed(4, "src", 1, true, 5, 2.8, false, 3, 3L << 30),
                timed(5, "conda", 1, false, 5, 2.1, false, 6, 2L << 30),
                timed(6, "uv", 1, true, 5, 3.4, false, 5, 3L << 30),
                timed(7, "gil", 0, false, 5, 1.0, false, 8, null),
                timed(8, "conda", 1, false, 4, 2.4, true, 2, 3L << 30));
        StatisticsBuilder sequential = new StatisticsBuilder();
        results.forEach(sequential::accept);
        Statistics expected = sequential.build();
        assertThat(expected.performance()).isNotEmpty();
        assertThat(expected.claims()).filteredOn(c -> c.id().equals("minimum-ram")).singleElement()
                .extracting(Claim::measured).asString().contains("3072 MiB (src;");
        for (int cut = 0; cut <= results.size(); cut++) {
            for (int second = cut; second <= results.size(); second++) {
                StatisticsBuilder head = new StatisticsBuilder();
                StatisticsBuilder middle = new StatisticsBuilder();
                StatisticsBuilder tail = new StatisticsBuilder();
                results.subList(0, cut).forEach(head::accept);
                results.subList(cut, second).forEach(middle::accept);
                results.subList(second, results.size()).forEach(tail::accept);
                assertThat(head.merge(middle).merge(tail).build()).as("cuts at %d and %d", cut, second)
                        .isEqualTo(expected);
            }
        }
        StatisticsBuilder singles = new StatisticsBuilder();
        results.forEach(r -> singles.merge(new StatisticsBuilder().accept(r)));
        assertThat(singles.build()).isEqualTo(expected);
    }
}
