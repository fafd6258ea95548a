package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Two cells with {@code parallel: 2} on the real daemon: they install at the same time, but their timing phases
 * take turns, so the windows they record do not overlap. Debian's own python3.13 (the control recipe) keeps the
 * installs short; a GIL build runs the timing phase like any other.
 */
class TimingWindowsIT {
    @TempDir
    Path tmp;

    @Test
    void twoParallelCellsTimeOneAfterTheOther() throws Exception {
        Path matrix = Files.writeString(tmp.resolve("timing.yaml"), """
                name: timing-windows
                python: ["3.13t"]
                repeats: 1
                timeout: 20m
                parallel: 2
                network: host
                os:
                  - id: debian-trixie
                    image: debian:trixie
                methods:
                  - id: apt-a
                    recipe: distro-apt
                    tier: control
                  - id: apt-b
                    recipe: distro-apt
                    tier: control
                smoke:
                  venv: false
                  threads: 2
                """);
        Path out = tmp.resolve("run");
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true), "run",
                matrix.toString(), "--out", out.toString(), "--progress", "plain");

        assertThat(code).as(stderr.toString()).isZero();
        List<CellResult.Timing> windows = RunFixture.cells(out).stream().map(RunFixture::timingWindow).toList();
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).overlaps(windows.get(1))).as(windows.toString()).isFalse();
        for (JsonNode cell : RunFixture.cells(out)) {
            JsonNode probe = cell.get("probe");
            assertThat(probe.get("benchmarks").get("workloads")).as(cell.toString()).hasSize(5);
            assertThat(probe.get("threads").get("repeats").asInt()).isEqualTo(5);
            assertThat(probe.get("cpus").get("available").asInt()).isPositive();
        }
        JsonNode info = RunFixture.runInfo(out);
        assertThat(RunFixture.containersOfRun(info.get("run_id").asText())).isEmpty();
    }
}
