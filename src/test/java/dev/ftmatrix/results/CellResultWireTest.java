package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.ResourceLimits;
import dev.ftmatrix.probe.ProbeReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code cells.jsonl} is the record of every run ever made, so its lines are compared byte for byte against ones
 * written by the flat {@code CellResult} that came before the nested records (the files under
 * {@code cell-result/}): a fully populated result, and a line of an older version that lacks every field added
 * since, read and written again.
 */
class CellResultWireTest {
    private static final Path OLD = Path.of("old-version.jsonl");

    static CellResult fullyPopulated() {
        ProbeReport probe = new ProbeReport(2, "/x/python3.13t", "3.13.5", "cpython", 1, false, false,
                new ProbeReport.Venv(true, true, "/tmp/v/bin/python", 1, false, "25.1.1", null),
                new ProbeReport.Threads(4, 5, 0.1, 0.2, List.of(0.09, 0.11), List.of(0.19, 0.21), 1.9, 0.475, false,
                        true, 0.4),
                false,
                List.of(new ProbeReport.PackageResult("numpy>=2", "numpy", "numpy", true, "wheel",
                        "numpy-2.3.0-cp313-cp313t-manylinux_2_28_x86_64.whl", List.of("cp313t"), "2.3.0", 4.5, true,
                        null, false, null, "import numpy", true, null, null, null)),
                List.of("timing: noisy"), new ProbeReport.Cpus(4, 8, 4, 4.0, "test CPU"),
                new ProbeReport.Benchmarks(3, "/twin/python3.13", null,
                        List.of(new ProbeReport.Workload("pystone", List.of(1.0, 1.1, 0.9), List.of(1.2, 1.3, 1.1)))),
                new ProbeReport.Memory("objects-heap", List.of(130_000L, 131_000L), List.of(120_000L, 121_000L)));
        return new CellResult(
                new CellResult.Identity("20261202-141500-1", "debian-trixie/uv/3.13t#2", "m", "1", "3.13t", 2, 3),
                new CellResult.Setup("debian-trixie", "debian:trixie",
                        "sha256:1111111111111111111111111111111111111111111111111111111111111111", "uv-index", "uv",
                        "abababababababababababababababababababababababababababababababab",
                        Map.of("version", "3.13", "index_url", "https://idx.example/simple")),
                new CellResult.Verdict(Outcome.PACKAGE_FAILED, new Failure("import", "numpy re-enabled the GIL"),
                        List.of("pip is old", "slow")),
                new CellResult.Execution("/opt/ft/bin/python3.13t", new Durations(96.0, 8.25, 105.5),
                        Instant.parse("2026-12-02T14:15:00Z"), Instant.parse("2026-12-02T14:16:45.500Z"),
                        "logs/debian-trixie__uv__3.13t_2.attempt-3.log", "container 1f2e was already gone", true,
                        false),
                new CellResult.Measurement(new ResourceLimits(4L * 1024 * 1024 * 1024, 2.0, 4096),
                        new CellResult.Timing(Instant.parse("2026-12-02T14:16:30Z"),
                                Instant.parse("2026-12-02T14:16:40Z")),
                        new CellResult.PeakMemory(900_000_000L, 1_200_000_000L)),
                probe,
                new CellResult.Replay("0.1.0", "27.3.1",
                        Map.of("UV_INDEX_URL", "https://idx.example/env", "UV_INDEX_TOKEN", "***")));
    }

    @Test
    void aFullyPopulatedResultIsWrittenAsTheFlatLineOfBefore() throws Exception {
        assertThat(Json.MAPPER.writeValueAsString(fullyPopulated())).isEqualTo(fixture("full.json"));
        assertThat(new Redactor(List.of()).json(fullyPopulated())).isEqualTo(fixture("full.json"));
    }

    @Test
    void aFullyPopulatedLineReadsBackToTheSameResult() throws Exception {
        CellResult read = ResultLines.parse(Path.of("cells.jsonl"), 1, fixture("full.json"));
        assertThat(read).isEqualTo(fullyPopulated());
        assertThat(Json.MAPPER.writeValueAsString(read)).isEqualTo(fixture("full.json"));
    }

    @Test
    void aLineOfAnOldVersionReadsAndIsWrittenAsBefore() throws Exception {
        CellResult read = ResultLines.parse(OLD, 1, fixture(OLD.toString()).strip());
        assertThat(read.identity().attempt()).isEqualTo(1);
        assertThat(read.measurement()).isEqualTo(CellResult.Measurement.NONE);
        assertThat(read.replay()).isEqualTo(CellResult.Replay.NONE);
        assertThat(Json.MAPPER.writeValueAsString(read)).isEqualTo(fixture("old-version.rewritten.json"));
        assertThat(new Redactor(List.of()).json(read)).isEqualTo(fixture("old-version.rewritten.json"));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CellResultWireTest.class.getResourceAsStream("cell-result/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
