package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cells that fail, on the real daemon with the real recipes: each ends in the right outcome, nothing leaks. */
class FailureModesIT {
    @TempDir
    Path tmp;

    private int run(String matrix, Path out) {
        StringWriter sink = new StringWriter();
        return Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true),
                "run", matrix, "--out", out.toString(), "--progress", "plain", "--pull", "never");
    }

    @Test
    void aCellThatExceedsItsTimeoutIsTimeoutAndLeavesNoContainer() {
        Path out = tmp.resolve("timeout");
        assertThat(run("src/test/resources/it/timeout.yaml", out)).isZero();

        JsonNode cell = RunFixture.cell(out, "debian-trixie/source-debian/3.13t#1");
        assertThat(cell.get("outcome").asText()).isEqualTo("TIMEOUT");
        assertThat(cell.get("failure").get("category").asText()).isEqualTo("install");
        assertThat(cell.get("failure").get("detail").asText())
                .isEqualTo("the install step was still running when the cell's 15 s timeout ran out");
        // The deadline runs from the cell's start, so the cell lasted at least its timeout.
        assertThat(cell.get("durations").get("total_s").asDouble()).isGreaterThanOrEqualTo(14.9);
        assertThat(RunFixture.containersOfRun(RunFixture.runInfo(out).get("run_id").asText())).isEmpty();
    }

    @Test
    void aRecipeFailureSurfacesItsCategory() {
        Path out = tmp.resolve("failure");
        assertThat(run("src/test/resources/it/recipe-failure.yaml", out)).isZero();

        for (String id : new String[] {"debian-trixie/python-org/3.13t#1", "debian-trixie/distro-apt/3.13t#1"}) {
            JsonNode cell = RunFixture.cell(out, id);
            assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("INSTALL_FAILED");
            assertThat(cell.get("failure").get("category").asText()).as(cell.toString()).isEqualTo("network");
        }
        assertThat(RunFixture.containersOfRun(RunFixture.runInfo(out).get("run_id").asText())).isEmpty();
    }
}
