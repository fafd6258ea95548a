package dev.ftmatrix.report;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.probe.ProbeReport.PackageResult;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.HistoryTrend;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.StatisticsBuilder;
import dev.ftmatrix.stats.Wilson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-made cell results for report tests, built into {@link Statistics} by the real {@link StatisticsBuilder}: two
 * tier-1 methods, one tier-2, one tier-4 and a control, on two Python versions, with passes, install failures of two
 * categories, a timeout, an infrastructure error, package smoke results and thread timings, so that every chart and
 * table of a report has data. {@link #hostile()} adds ids that are markup.
 */
final class HtmlFixture {
    /** A method id that would run script if a report wrote it into the page unescaped. */
    static final String SCRIPT_METHOD = "<script>document.title='injected'</script>";
    /** An os id that would fetch from the network, and run script, if it became markup. */
    static final String IMG_OS = "\"><img src=https://injected.invalid/x.png onerror=\"document.title='injected'\">";
    /** A failure category that would close the JSON's script element if the JSON were not escaped. */
    static final String CLOSING_CATEGORY = "</script><script>document.title='injected'</script>";

    private HtmlFixture() {
    }

    /** The statistics of {@link #results()}. */
    static Statistics statistics() {
        return build(results());
    }

    /** The statistics of {@link #results()} plus results whose ids are hostile markup. */
    static Statistics hostile() {
        List<CellResult> all = new ArrayList<>(results());
        all.add(cell(SCRIPT_METHOD, "2").python("3.14t").outcome(Outcome.PASS).install(200).probe(freeThreaded(1.0, 2.2))
                .result(1));
        all.add(cell(SCRIPT_METHOD, "2").os(IMG_OS).failed(Outcome.INSTALL_FAILED, CLOSING_CATEGORY).result(2));
        return build(all);
    }

    /** No results at all: every chart is "not measured". */
    static Statistics empty() {
        return new StatisticsBuilder().build();
    }

    static Statistics build(List<CellResult> results) {
        StatisticsBuilder builder = new StatisticsBuilder();
        results.forEach(builder::accept);
        return builder.build();
    }

    static List<CellResult> results() {
        List<CellResult> r = new ArrayList<>();
        PackageResult numpy = ftWheel("numpy", "cp313-cp313t-manylinux_2_28_x86_64");
        PackageResult pyyaml = reenablesGil("pyyaml", "yaml");
        for (int i = 1; i <= 6; i++) {
            r.add(cell("uv", "1").outcome(Outcome.PASS).install(40 + i * 5).probe(freeThreaded(1.2, 2.4 + i * 0.05, numpy))
                    .result(i));
        }
        r.add(cell("uv", "1").failed(Outcome.INSTALL_FAILED, "network").result(7));
        for (int i = 1; i <= 4; i++) {
            r.add(cell("fedora-dnf", "1").os("fedora-42").outcome(Outcome.PASS).install(150 + i * 10)
                    .probe(freeThreaded(1.3, 2.6)).result(i));
        }
        for (int i = 1; i <= 3; i++) {
            r.add(cell("python-org", "2").outcome(Outcome.PASS).install(600 + i * 30)
                    .probe(freeThreaded(1.25, 2.5, numpy)).result(i));
            r.add(cell("python-org", "2").python("3.14t").outcome(Outcome.PASS).install(640 + i * 20)
                    .probe(freeThreaded(1.1, 3.1)).result(i));
        }
        r.add(cell("python-org", "2").failed(Outcome.INSTALL_FAILED, "not-found").result(4));
        r.add(cell("python-org", "2").outcome(Outcome.GIL_REENABLED).install(610)
                .probe(freeThreaded(1.2, 1.0, pyyaml)).failure("package:yaml").result(5));
        r.add(cell("source-debian", "4").outcome(Outcome.PASS).install(1900).probe(freeThreaded(1.3, 2.3)).result(1));
        r.add(cell("source-debian", "4").failed(Outcome.TIMEOUT, "install").result(2));
        r.add(cell("source-debian", "4").failed(Outcome.INFRA_ERROR, "infra").result(3));
        r.add(cell("source-debian", "4").attempt(2).failed(Outcome.INSTALL_FAILED, "build").result(3));
        for (int i = 1; i <= 2; i++) {
            r.add(cell("distro-apt", "control").outcome(Outcome.NOT_FREE_THREADED).install(30)
                    .probe(gilBuild(0.85)).failure("not-free-threaded").result(i));
        }
        return r;
    }

    static Cell cell(String method, String tier) {
        return new Cell(method, tier);
    }

    /**
     * A probe report of a free-threaded build that kept the GIL off, with its timing phase: the suite
     * {@code slowdown} times as slow as its twin (every workload, with a little spread over 5 repeats), 10% more
     * memory, and {@code speedup} with 4 threads on 4 CPUs.
     */
    static ProbeReport freeThreaded(double slowdown, double speedup, PackageResult... packages) {
        return new ProbeReport(2, "/opt/python/bin/python3.13t", "3.13.9", "cpython", 1, false, false,
                new ProbeReport.Venv(true, true, "/tmp/venv/bin/python", 1, false, "25.2", null),
                new ProbeReport.Threads(4, 5, 1.0, 4.0 / speedup, List.of(0.98, 1.05), List.of(4.0 / speedup,
                        4.2 / speedup), speedup, speedup / 4, false, false, null), false, List.of(packages),
                List.of(), new ProbeReport.Cpus(4, 4, 4, null, "fixture CPU"),
                new ProbeReport.Benchmarks(5, "/opt/python-gil/bin/python3.13", null, List.of(
                        new ProbeReport.Workload("arithmetic", repeats(0.2 * slowdown), repeats(0.2)),
                        new ProbeReport.Workload("calls", repeats(0.1 * slowdown), repeats(0.1)))),
                new ProbeReport.Memory("objects-heap", List.of(110_000L, 110_400L, 109_800L),
                        List.of(100_000L, 100_200L, 99_900L)));
    }

    private static List<Double> repeats(double seconds) {
        return List.of(seconds * 0.99, seconds, seconds * 1.02, seconds * 0.98, seconds * 1.01);
    }

    /** A probe report of a GIL build, as a control method gives, with its suite timed and no twin. */
    static ProbeReport gilBuild(double seconds) {
        return new ProbeReport(2, "/usr/bin/python3.13", "3.13.5", "cpython", 0, true, true, null,
                new ProbeReport.Threads(4, 5, 1.0, 4.0, List.of(1.0, 1.0), List.of(4.0, 4.1), 1.0, 0.25, false, false,
                        null), false, List.of(), List.of(), new ProbeReport.Cpus(4, 4, 4, null, "fixture CPU"),
                new ProbeReport.Benchmarks(5, null, null, List.of(
                        new ProbeReport.Workload("arithmetic", repeats(0.2 * seconds), null),
                        new ProbeReport.Workload("calls", repeats(0.1 * seconds), null))),
                null);
    }

    static PackageResult ftWheel(String name, String tag) {
        return new PackageResult(name, name, name, true, "wheel", name + "-1.0-" + tag + ".whl", List.of(tag), "1.0",
                2.0, true, null, false, null, null, null, null, null, null);
    }

    static PackageResult reenablesGil(String name, String importName) {
        String tag = "cp313-cp313t-manylinux_2_28_x86_64";
        return new PackageResult(name, name, importName, true, "wheel", name + "-6.0-" + tag + ".whl", List.of(tag),
                "6.0", 1.0, true, null, true, "RuntimeWarning: The global interpreter lock (GIL) has been enabled",
                null, null, null, "gil-reenabled", "importing " + importName + " enabled the GIL");
    }

    /** One cell result, on debian-trixie and 3.13t unless told otherwise. */
    static final class Cell {
        private final String method;
        private final String tier;
        private String os = "debian-trixie";
        private String python = "3.13t";
        private int attempt = 1;
        private Outcome outcome = Outcome.PASS;
        private Failure failure;
        private Double installS;
        private ProbeReport probe;

        private Cell(String method, String tier) {
            this.method = method;
            this.tier = tier;
        }

        Cell os(String value) {
            os = value;
            return this;
        }

        Cell python(String value) {
            python = value;
            return this;
        }

        Cell attempt(int value) {
            attempt = value;
            return this;
        }

        Cell outcome(Outcome value) {
            outcome = value;
            return this;
        }

        Cell install(double seconds) {
            installS = seconds;
            return this;
        }

        Cell probe(ProbeReport value) {
            probe = value;
            return this;
        }

        Cell failure(String category) {
            failure = new Failure(category, category + " happened");
            return this;
        }

        /** A cell that ended before the probe, with this outcome and failure category. */
        Cell failed(Outcome value, String category) {
            outcome = value;
            return failure(category);
        }

        CellResult result(int repeat) {
            String id = os + "/" + method + "/" + python + "#" + repeat;
            Instant start = Instant.parse("2026-11-25T17:00:00Z").plusSeconds(repeat * 3600L);
            double total = (installS == null ? 5 : installS) + (probe == null ? 0 : 20);
            return new CellResult(new CellResult.Identity("run-1", id, "fixture", tier, python, repeat, attempt),
                    new CellResult.Setup(os, "debian:trixie", "sha256:abc", method, recipe(method), "f00", Map.of()),
                    new CellResult.Verdict(outcome, failure, List.of()),
                    new CellResult.Execution(probe == null ? null : probe.executable(),
                            new Durations(installS, probe == null ? null : 20.0, total), start,
                            start.plusSeconds((long) total), "logs/" + repeat + ".log", null, false, false),
                    CellResult.Measurement.NONE, probe, CellResult.Replay.NONE);
        }

        private static String recipe(String method) {
            return switch (method) {
                case "source-debian" -> "source-build";
                default -> method;
            };
        }
    }

    /**
     * A history of {@code runs} runs with tiers 1 and 4; tier 4 has no trials in the second run (a gap) and the run
     * ids of the last run spell markup, which must stay text.
     */
    static HistoryTrend trend(int runs) {
        List<HistoryTrend.Period> periods = new ArrayList<>();
        List<HistoryTrend.Point> tiers = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            String run = i == runs ? HOSTILE_RUN : String.format("run-%02d", i);
            periods.add(new HistoryTrend.Period(run,
                    Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * i), List.of(run)));
            tiers.add(new HistoryTrend.Point(run, "1", null, 4, 3, 0.75,
                    Wilson.interval95(3, 4), 0, 0, 0));
            long trials = i == 2 ? 0 : 2;
            tiers.add(new HistoryTrend.Point(run, "4", null, trials, trials / 2,
                    trials == 0 ? null : 0.5, trials == 0 ? null : Wilson.interval95(1, 2), 0, 0, 0));
        }
        return new HistoryTrend("run", periods, tiers, List.of(), List.of());
    }

    /** A run id that would be markup if it were not escaped. */
    static final String HOSTILE_RUN = "<i>run</i>";
}
