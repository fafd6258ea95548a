package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, end to end on the real daemon: CPython built from Debian's sources with
 * --disable-gil must PASS, and the distro's GIL build (the control) must be caught as NOT_FREE_THREADED.
 * With --reuse-installs the build it makes is cached for the package tests; .ci/test prunes the cache first, so
 * in CI this test builds CPython for real.
 */
class QuickstartIT {
    @TempDir
    Path tmp;

    @Test
    void sourceBuildPassesAndTheControlIsCaught() throws Exception {
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

        JsonNode info = RunFixture.runInfo(out);
        assertThat(info.get("status").asText()).isEqualTo("complete");
        assertThat(info.get("cells_finished").asInt()).isEqualTo(2);
        assertThat(info.get("docker_api_version").asText()).isNotBlank();
        assertThat(Files.readString(out.resolve(source.get("log").asText())))
                .contains("== install: exit 0", "== probe: exit 0", "FTMATRIX-PYTHON: ");
        assertThat(stdout.toString()).contains("PASS", "NOT_FREE_THREADED", "results:  " + out.resolve("cells.jsonl"));
        assertThat(RunFixture.containersOfRun(info.get("run_id").asText())).isEmpty();
    }
}
