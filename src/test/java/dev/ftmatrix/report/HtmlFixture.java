package dev.ftmatrix.report;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.probe.ProbeReport.PackageResult;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.StatisticsBuilder;
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

    /** A probe report of a free-threaded build that kept the GIL off, with its thread timing. */
    static ProbeReport freeThreaded(double singleThreadS, double speedup, PackageResult... packages) {
        return new ProbeReport(1, "/opt/python/bin/python3.13t", "3.13.9", "cpython", 1, false, false,
                new ProbeReport.Venv(true, true, "/tmp/venv/bin/python", 1, false, "25.2", null),
                new ProbeReport.Threads(4, 1.0, 4.0 / speedup, speedup, singleThreadS), false, List.of(packages),
                List.of());
    }

    /** A probe report of a GIL build, as a control method gives. */
    static ProbeReport gilBuild(double singleThreadS) {
        return new ProbeReport(1, "/usr/bin/python3.13", "3.13.5", "cpython", 0, true, true, null,
                new ProbeReport.Threads(4, 1.0, 1.0, 1.0, singleThreadS), false, List.of(), List.of());
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
            return new CellResult("run-1", id, "fixture", os, "debian:trixie", "sha256:abc", method, recipe(method),
                    "f00", Map.of(), tier, python, repeat, attempt, outcome, failure, List.of(),
                    probe == null ? null : probe.executable(), new Durations(installS, probe == null ? null : 20.0, total),
                    start, start.plusSeconds((long) total), probe, "logs/" + repeat + ".log", null, false, false, null);
        }

        private static String recipe(String method) {
            return switch (method) {
                case "source-debian" -> "source-build";
                default -> method;
            };
        }
    }
}
