package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell that prints 1 GiB, run by the real orchestrator in its own JVM with a 64 MiB heap against the real daemon:
 * the run finishes, the cell is judged by the failure line at the very end of the output, and its log keeps the
 * head, the tail and the count of bytes left out.
 */
class HugeOutputIT {
    private static final String MATRIX = """
            name: huge-output
            python: ["3.13t"]
            retries: 0
            os:
              - id: debian-trixie
                image: debian:trixie
            methods:
              - id: gigabyte
                recipe: gigabyte
                tier: 1
            """;
    private static final long GIB = 1024L * 1024 * 1024;
    private static final String LAST_LINES = "\ngigabyte: last line\n"
            + "FTMATRIX-FAILURE: contract: printed 1 GiB and stopped\n";

    @TempDir
    Path tmp;

    @Test
    void aCellPrintingOneGibibyteIsRecordedByAnOrchestratorWithA64MebibyteHeap() throws Exception {
        Path matrix = Files.writeString(tmp.resolve("huge.yaml"), MATRIX);
        Path out = tmp.resolve("out");
        Path console = tmp.resolve("console.txt");
        Process orchestrator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "dev.ftmatrix.cli.Main",
                "run", matrix.toString(), "--out", out.toString(), "--progress", "plain", "--pull", "never",
                "--containers", InfraRecipes.containersIn(tmp).toString())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        boolean ended = orchestrator.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            orchestrator.destroyForcibly();
        }
        String printed = Files.readString(console);
        assertThat(ended).as(printed).isTrue();
        assertThat(orchestrator.exitValue()).as(printed).isZero();
        assertThat(printed).doesNotContain("OutOfMemoryError");

        JsonNode cell = RunFixture.cell(out, "debian-trixie/gigabyte/3.13t#1");
        assertThat(cell.get("outcome").asText()).isEqualTo("INSTALL_FAILED");
        assertThat(cell.get("failure").get("detail").asText()).isEqualTo("printed 1 GiB and stopped");
        String log = Files.readString(out.resolve(cell.get("log").asText()), StandardCharsets.UTF_8);
        long printedBytes = "gigabyte: first line\n".length() + GIB + LAST_LINES.length();
        long omitted = printedBytes - BoundedOutput.DEFAULT_HEAD - BoundedOutput.DEFAULT_TAIL;
        assertThat(log).contains("-- stdout --\ngigabyte: first line\ngigabyte: filler line");
        assertThat(log).contains("\n[ftmatrix: " + omitted + " bytes omitted]\n");
        assertThat(log).contains(LAST_LINES);
        assertThat(log.length()).isLessThan(BoundedOutput.DEFAULT_HEAD + BoundedOutput.DEFAULT_TAIL + 4096);
        List<String> left = RunFixture.containersOfRun(RunFixture.runInfo(out).get("run_id").asText());
        assertThat(left).isEmpty();
    }
}
