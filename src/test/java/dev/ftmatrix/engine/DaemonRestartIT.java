package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon restarts while a cell runs: that attempt is INFRA_ERROR (daemon) and the retry reaches the method's
 * own outcome. The restarted daemon is a private one of this test, never the shared daemon; the orchestrator runs
 * in its own JVM pointed at it through DOCKER_HOST, as a user would point it.
 */
class DaemonRestartIT {
    private static final String CELL = "debian-trixie/slow-fail/3.13t#1";
    private static final String MATRIX = """
            name: daemon-restart
            python: ["3.13t"]
            retries: 2
            os:
              - id: debian-trixie
                image: debian:trixie
            methods:
              - id: slow-fail
                recipe: slow-fail
                tier: 1
            """;

    @TempDir
    Path tmp;

    @Test
    void aDaemonRestartMidCellIsAnInfraErrorAndTheRetryGivesTheMethodsOutcome() throws Exception {
        try (PrivateDaemon daemon = PrivateDaemon.start()) {
            daemon.loadFromSharedDaemon("debian:trixie");
            Path matrix = Files.writeString(tmp.resolve("restart.yaml"), MATRIX);
            Path out = tmp.resolve("out");
            Path console = tmp.resolve("console.txt");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.ftmatrix.cli.Main",
                    "run", matrix.toString(), "--out", out.toString(), "--progress", "plain", "--pull", "never",
                    "--containers", InfraRecipes.containersIn(tmp).toString())
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            pb.environment().put("DOCKER_HOST", daemon.host());
            Process orchestrator = pb.start();
            try {
                await("the recipe's wait running in a cell container").atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the orchestrator ended before the cell ran", () -> !orchestrator.isAlive())
                        .ignoreExceptions()
                        .until(() -> daemon.docker("ps", "-q", "--filter", "label=dev.ftmatrix.cell=" + CELL)
                                .lines().anyMatch(id -> daemon.docker("top", id).contains("sleep 20")));
                daemon.restart();
                assertThat(orchestrator.waitFor(10, TimeUnit.MINUTES)).as(Files.readString(console)).isTrue();
            } finally {
                orchestrator.destroyForcibly();
            }
            String printed = Files.readString(console);
            assertThat(orchestrator.exitValue()).as(printed).isZero();

            List<JsonNode> attempts = RunFixture.cells(out);
            assertThat(attempts).as(printed).extracting(c -> c.get("attempt").asInt()).containsExactly(1, 2);
            assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("INFRA_ERROR");
            assertThat(attempts.get(0).get("failure").get("category").asText()).isEqualTo("daemon");
            assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("INSTALL_FAILED");
            assertThat(attempts.get(1).get("failure").get("detail").asText()).isEqualTo("slow-fail finished its wait");
            assertThat(printed).contains("INFRA_ERROR  " + CELL + "  (daemon), attempt 1; retrying, 2 retries left");
            JsonNode run = RunFixture.runInfo(out);
            assertThat(run.get("outcomes").toString()).isEqualTo("{\"INSTALL_FAILED\":1}");
            assertThat(daemon.docker("ps", "-aq", "--filter", "label=dev.ftmatrix.run=" + run.get("run_id").asText()))
                    .isEmpty();
        }
    }
}
