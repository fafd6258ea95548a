package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftmatrix.cli.Main;
import dev.ftmatrix.results.CellResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, end to end on the real daemon: CPython built from Debian's sources with
 * --disable-gil must PASS, and the distro's GIL build (the control) must be caught as NOT_FREE_THREADED. The
 * source build also builds its GIL twin from the same tree, and the timing phase times both interpreters, one
 * cell at a time, so the report has a penalty and a memory overhead against the twin with their intervals.
 * With --reuse-installs the build it makes is cached for the package tests; .ci/test prunes the cache first, so
 * in CI this test builds CPython for real.
 */
class QuickstartIT {
    @TempDir
    Path tmp;

    @Test
    void sourceBuildPassesTheControlIsCaughtAndBothBuildsAreTimedAlone() throws Exception {
        Path out = tmp.resolve("run");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                "run", "matrices/quickstart.yaml", "--out", out.toString(), "--progress", "plain", "--reuse-installs");

        assertThat(code).as(stderr.toString()).isZero();
        assertThat(RunFixture.cells(out)).hasSize(2);

        JsonNode source = RunFixture.cell(out, "debian-trixie/source-debian/3.13t#1");
        assertThat(source.get("outcome").asText()).as(source.toString()).isEqualTo("PASS");
        assertThat(source.get("probe").get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(source.get("probe").get("gil_enabled_at_start").asBoolean()).isFalse();
        assertThat(source.get("probe").get("gil_enabled_at_end").asBoolean()).isFalse();
        assertThat(source.get("probe").get("venv").get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(source.get("probe").get("venv").get("pip_version").asText()).matches("\\d+\\.\\d+.*");
        assertThat(source.get("interpreter").asText()).isEqualTo("/opt/ftmatrix/python3.13t/bin/python3.13t");
        assertThat(source.get("image_digest").asText()).startsWith("sha256:");
        assertThat(source.get("tier").asText()).isEqualTo("4");

        JsonNode control = RunFixture.cell(out, "debian-trixie/distro-apt/3.13t#1");
        assertThat(control.get("outcome").asText()).as(control.toString()).isEqualTo("NOT_FREE_THREADED");
        assertThat(control.get("probe").get("py_gil_disabled").asInt()).isZero();
        assertThat(control.get("failure").get("category").asText()).isEqualTo("gil-build");

        JsonNode bench = source.get("probe").get("benchmarks");
        assertThat(bench.get("twin").asText()).isEqualTo("/opt/ftmatrix/python3.13-gil/bin/python3.13");
        assertThat(bench.get("workloads")).hasSize(5).allSatisfy(w -> {
            assertThat(w.get("interpreter_s")).as(w.toString()).hasSize(5);
            assertThat(w.get("twin_s")).as(w.toString()).hasSize(5);
        });
        JsonNode memory = source.get("probe").get("memory");
        assertThat(memory.get("interpreter_peak_kib")).hasSize(3);
        assertThat(memory.get("twin_peak_kib")).hasSize(3);
        JsonNode threads = source.get("probe").get("threads");
        int available = source.get("probe").get("cpus").get("available").asInt();
        assertThat(available).isBetween(1, Runtime.getRuntime().availableProcessors());
        assertThat(threads.get("repeats").asInt()).isEqualTo(5);
        if (!threads.get("noisy").asBoolean()) {
            assertThat(threads.get("speedup").asDouble()).isLessThanOrEqualTo(available * 1.10);
        }
        assertThat(source.get("memory").get("install_peak_bytes").asLong()).isPositive();
        assertThat(source.get("probe").get("errors")).as(source.get("probe").get("errors").toString()).isEmpty();

        CellResult.Timing sourceWindow = RunFixture.timingWindow(source);
        CellResult.Timing controlWindow = RunFixture.timingWindow(control);
        assertThat(sourceWindow.overlaps(controlWindow)).as(sourceWindow + " vs " + controlWindow).isFalse();
        assertThat(control.get("probe").get("benchmarks").get("twin").isNull()).isTrue();

        Path reports = tmp.resolve("reports");
        assertThat(Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "report", out.toString(),
                "--out", reports.toString())).as(stderr.toString()).isZero();
        JsonNode claims = new ObjectMapper().readTree(reports.resolve("report.json").toFile()).get("statistics")
                .get("claims");
        for (String id : List.of("single-thread-penalty:source-debian/3.13t", "memory-overhead:source-debian/3.13t")) {
            JsonNode claim = find(claims, id);
            assertThat(claim.get("baseline").asText()).as(claim.toString()).isEqualTo("twin");
            assertThat(claim.get("n").asLong()).isEqualTo(1);
            assertThat(claim.get("interval").get("low").asDouble())
                    .isLessThanOrEqualTo(claim.get("interval").get("high").asDouble());
            assertThat(claim.get("verdict").asText()).isIn("consistent", "differs", "inconclusive");
        }
        assertThat(Files.readString(reports.resolve("report.md"))).contains("## Performance", "| source-debian | 3.13t | twin | 1 |");

        JsonNode info = RunFixture.runInfo(out);
        assertThat(info.get("status").asText()).isEqualTo("complete");
        assertThat(info.get("cells_finished").asInt()).isEqualTo(2);
        assertThat(info.get("docker_api_version").asText()).isNotBlank();
        assertThat(Files.readString(out.resolve(source.get("log").asText())))
                .contains("== install: exit 0", "== probe: exit 0", "FTMATRIX-PYTHON: ");
        assertThat(stdout.toString()).contains("PASS", "NOT_FREE_THREADED", "results:  " + out.resolve("cells.jsonl"));
        assertThat(RunFixture.containersOfRun(info.get("run_id").asText())).isEmpty();
    }

    private static JsonNode find(JsonNode claims, String id) {
        for (JsonNode c : claims) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no claim " + id + " in " + claims);
    }
}
