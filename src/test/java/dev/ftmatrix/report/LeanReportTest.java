package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.ParallelResultsReader;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.stats.Statistics;
import dev.ftmatrix.stats.StatisticsBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports as {@code report} makes them (the lean parser, chunks read in parallel, partial statistics merged in
 * file order) against the reports of one sequential pass with data binding, on results of probe version 2: the
 * timing phase's benchmarks against a twin or none, memory, thread scaling in its new shape, CPUs, the container's
 * peak memory and the timing window. Every file must be byte for byte the same.
 */
class LeanReportTest {
    private static final List<String> FILES = List.of(Reports.JSON, Reports.JUNIT, Reports.MARKDOWN, Reports.HTML);
    private static final String[] WORKLOADS = {"arithmetic", "calls", "strings"};

    @TempDir
    Path tmp;

    private Path results;

    @BeforeEach
    void writeResults() throws Exception {
        results = tmp.resolve("run");
        Random random = new Random(17);
        try (RunJournal journal = RunJournal.create(results)) {
            Files.createDirectories(results.resolve("logs"));
            for (int i = 0; i < 60; i++) {
                CellResult r = result(i, random);
                if (r.execution().log() != null) {
                    Files.writeString(results.resolve(r.execution().log()), "step " + i + "\n".repeat(3) + "done " + i
                            + "\n");
                }
                journal.append(r);
            }
        }
    }

    private static List<Double> seconds(Random random, double centre, int repeats) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            out.add(Math.round((centre + random.nextGaussian() * centre * 0.03) * 1e6) / 1e6);
        }
        return out;
    }

    private static List<Long> kib(Random random, long centre, int repeats) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            out.add(centre + random.nextInt(2000));
        }
        return out;
    }

    /** A mix: free-threaded cells with a twin, with too few repeats, without a twin, GIL controls, failures. */
    private static CellResult result(int i, Random random) {
        String[] methods = {"uv", "source-build", "conda"};
        String method = methods[i % methods.length];
        boolean control = i % 7 == 3;
        boolean withTwin = i % 5 != 4;
        int repeats = i % 11 == 6 ? 3 : 5;
        int gilDisabled = control ? 0 : 1;
        List<ProbeReport.Workload> workloads = new ArrayList<>();
        for (String w : WORKLOADS) {
            workloads.add(new ProbeReport.Workload(w, seconds(random, control ? 0.1 : 0.14, repeats),
                    withTwin && !control ? seconds(random, 0.1, repeats) : null));
        }
        ProbeReport.Benchmarks bench = new ProbeReport.Benchmarks(repeats, withTwin && !control ? "/twin" : null,
                withTwin || control ? null : "twin " + i + " did not install", workloads);
        ProbeReport.Memory memory = new ProbeReport.Memory("objects-heap", kib(random, 130_000, 3),
                withTwin && !control ? kib(random, 100_000, 3) : null);
        double speedup = 1.5 + random.nextDouble() * 2;
        boolean noisy = i % 13 == 9;
        ProbeReport.Threads threads = new ProbeReport.Threads(4, 5, 1.0, 4 / speedup, List.of(0.9, 1.1),
                List.of(1.8, 2.2), speedup, speedup / 4, noisy, noisy, null);
        ProbeReport.Cpus cpus = new ProbeReport.Cpus(2 + i % 4, 8, 8, i % 3 == 0 ? null : 4.0, "test CPU");
        ProbeReport probe = i % 17 == 16 ? null : new ProbeReport(2, "/p", "3.13.5", "cpython", gilDisabled,
                gilDisabled == 0, gilDisabled == 0, null, i % 9 == 8 ? null : threads, false, List.of(), List.of(),
                cpus, i % 8 == 7 ? null : bench, i % 6 == 5 ? null : memory);
        Outcome outcome = control ? Outcome.NOT_FREE_THREADED
                : i % 10 == 2 ? Outcome.INSTALL_FAILED : i % 10 == 5 ? Outcome.INFRA_ERROR
                : i % 15 == 7 ? Outcome.NOT_APPLICABLE : Outcome.PASS;
        // Not-applicable cells in several parts, with different reasons: the first in file order is the one named.
        Failure failure = outcome == Outcome.PASS || control ? null
                : outcome == Outcome.NOT_APPLICABLE ? new Failure("not-applicable", "a macos host row, cell " + i)
                : new Failure(outcome == Outcome.INFRA_ERROR ? "docker" : "download", "failure " + i);
        // Equal peaks in different methods: the first in file order names the largest.
        long peak = i % 4 == 1 ? 3L << 30 : (1L << 30) + random.nextInt(1 << 20);
        CellResult.PeakMemory peakMemory = i % 12 == 11 ? null
                : new CellResult.PeakMemory((1L << 29) + random.nextInt(1 << 20), peak);
        Instant start = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(i * 60L);
        CellResult.Timing timing = probe == null ? null : new CellResult.Timing(start, start.plusSeconds(30));
        String tier = control ? "control" : String.valueOf(1 + i % 3);
        return new CellResult(new CellResult.Identity("run-1", "debian/" + method + "/3.13t#" + i, "nightly", tier,
                        control ? "3.13" : "3.13t", 1 + i / 20, 1),
                new CellResult.Setup("debian-trixie", "debian:trixie", "sha256:a", control ? "gil-control" : method,
                        method, "f00", Map.of()),
                new CellResult.Verdict(outcome, failure, List.of()),
                new CellResult.Execution("/p", new Durations(100.0 + i, 5.0, 120.0 + i), start, start.plusSeconds(50),
                        outcome == Outcome.PASS ? null : "logs/" + i + ".log", null, false, false),
                new CellResult.Measurement(null, timing, peakMemory), probe,
                new CellResult.Replay("1.0", "27.0", Map.of()));
    }

    /** One pass over the file with data binding, into one builder: what report did before the lean reader. */
    private Path sequentialReports() throws Exception {
        StatisticsBuilder stats = new StatisticsBuilder();
        JunitReport junit = new JunitReport();
        Path base = ResultsReader.baseDir(results);
        ResultsReader.ReadSummary summary = ResultsReader.read(results, r -> {
            stats.accept(r);
            junit.accept(r, base);
        });
        Statistics statistics = stats.build();
        Path out = Files.createDirectories(tmp.resolve("sequential"));
        List<Reports.Input> inputs = List.of(new Reports.Input(results.toString(), summary.results(),
                summary.tornLastLine()));
        Files.writeString(out.resolve(Reports.JSON), Reports.json(statistics, inputs, "v2", null),
                StandardCharsets.UTF_8);
        junit.write(out.resolve(Reports.JUNIT));
        Files.writeString(out.resolve(Reports.MARKDOWN), MarkdownReport.render(statistics, "v2", null),
                StandardCharsets.UTF_8);
        Files.writeString(out.resolve(Reports.HTML), HtmlReport.render(statistics, "v2", null),
                StandardCharsets.UTF_8);
        return out;
    }

    @Test
    void theFixtureHoldsWhatTheTimingPhaseMeasures() throws Exception {
        Statistics s = Reports.write(List.of(results), tmp.resolve("lean"), "v2").statistics();
        assertThat(s.performance()).isNotEmpty();
        assertThat(s.claims()).extracting(Statistics.Claim::id).contains("single-thread-penalty:uv/3.13t",
                "memory-overhead:uv/3.13t", "multithreaded-gains:uv/3.13t");
        assertThat(s.claims()).filteredOn(c -> c.id().startsWith("single-thread-penalty"))
                .extracting(Statistics.Claim::interval).doesNotContainNull();
        String lines = Files.readString(results.resolve(RunJournal.CELLS));
        assertThat(lines).contains("\"benchmarks\"", "\"cpus\"", "\"twin_peak_kib\"", "\"probe_peak_bytes\"",
                "\"efficiency\"", "\"timing\"");
    }

    @Test
    void leanParallelReportsAreByteIdenticalToASequentialDataBindingPass() throws Exception {
        Path expected = sequentialReports();
        List<Path> made = new ArrayList<>();
        Reports.write(List.of(results), tmp.resolve("default"), "v2");
        made.add(tmp.resolve("default"));
        for (int chunk : new int[] {1, 700, 3000, 20_000}) {
            for (int threads : new int[] {1, 3}) {
                Path out = tmp.resolve("lean-" + chunk + "-" + threads);
                Reports.write(List.of(results), out, "v2", null, List.of(), JunitReport.Limits.DEFAULT,
                        new ParallelResultsReader(chunk, threads));
                made.add(out);
            }
        }
        for (Path out : made) {
            for (String name : FILES) {
                assertThat(Files.readAllBytes(out.resolve(name))).as("%s of %s", name, out.getFileName())
                        .isEqualTo(Files.readAllBytes(expected.resolve(name)));
            }
        }
    }
}
