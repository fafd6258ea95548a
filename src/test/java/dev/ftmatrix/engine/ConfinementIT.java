package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cell's container may do, seen from inside a real one on the real daemon: the capabilities package managers
 * need and no others, no privilege gain, no Docker socket, and the matrix's memory, CPU and process limits; and a
 * step killed at the memory limit is the machine's failure, retried and recorded per attempt.
 */
class ConfinementIT {
    static final String MATRIX = """
            name: confinement
            python: ["3.13t"]
            retries: 1
            limits: { memory: 512MiB, cpus: 1.5, pids: 512 }
            os:
              - id: debian-trixie
                image: debian:trixie
            methods:
              - id: confinement
                recipe: confinement
                tier: 1
              - id: memory-hog
                recipe: memory-hog
                tier: 1
                limits: { memory: 128MiB }
            """;
    // CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID: bits 0, 1, 3, 4, 5, 6, 7.
    static final String KEPT_CAPABILITIES = "00000000000000fb";

    @TempDir
    Path tmp;

    @Test
    void aCellRunsUnprivilegedWithinTheMatrixLimitsAndAnOomKillIsRetriedAsInfraError() throws IOException {
        Path matrix = Files.writeString(tmp.resolve("confinement.yaml"), MATRIX);
        Path out = tmp.resolve("out");
        StringWriter console = new StringWriter();
        int exit = Main.run(new PrintWriter(console, true), new PrintWriter(console, true), "run", matrix.toString(),
                "--out", out.toString(), "--progress", "plain", "--pull", "never",
                "--containers", InfraRecipes.containersIn(tmp).toString());
        assertThat(exit).as(console.toString()).isZero();

        JsonNode confined = RunFixture.cell(out, "debian-trixie/confinement/3.13t#1");
        assertThat(confined.get("outcome").asText()).as(confined.toString()).isEqualTo("INSTALL_FAILED");
        assertThat(confined.get("attempt").asInt()).isEqualTo(1);
        assertThat(confined.get("limits").toString())
                .isEqualTo("{\"cpus\":1.5,\"memory_bytes\":536870912,\"pids\":512}");
        List<String> report = Files.readAllLines(out.resolve(confined.get("log").asText()));
        assertThat(report).contains(
                "cap-eff: " + KEPT_CAPABILITIES,
                "no-new-privs: 1",
                "docker-sock: absent",
                "memory: 536870912",
                "pids: 512",
                "cpu: 150000 100000");

        List<JsonNode> hog = RunFixture.cells(out).stream()
                .filter(c -> c.get("cell").asText().equals("debian-trixie/memory-hog/3.13t#1")).toList();
        assertThat(hog).extracting(c -> c.get("attempt").asInt()).containsExactly(1, 2);
        for (JsonNode attempt : hog) {
            assertThat(attempt.get("outcome").asText()).as(attempt.toString()).isEqualTo("INFRA_ERROR");
            assertThat(attempt.get("failure").get("category").asText()).isEqualTo("oom");
            assertThat(attempt.get("failure").get("detail").asText()).isEqualTo("the install step was killed at the"
                    + " container's memory limit of 128 MiB; raise 'limits.memory' for method memory-hog");
        }
        assertThat(hog.get(0).get("log").asText()).isNotEqualTo(hog.get(1).get("log").asText());
        assertThat(RunFixture.runInfo(out).get("outcomes").toString())
                .isEqualTo("{\"INFRA_ERROR\":1,\"INSTALL_FAILED\":1}");
        assertThat(RunFixture.containersOfRun(RunFixture.runInfo(out).get("run_id").asText())).isEmpty();
    }
}
