package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.ftmatrix.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/** {@code ftmatrix repro} on the real daemon, with cells that fail in seconds (Debian's archive without a network). */
class ReproIT {
    private static final String CELL = "debian-trixie/distro-apt/3.13t#1";

    /** One recorded run serves every test that replays it. */
    @TempDir
    static Path runs;
    private static Path recorded;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();

    private int ftmatrix(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
    }

    @BeforeAll
    static void recordAFailingCell() {
        recorded = runs.resolve("recorded");
        StringWriter log = new StringWriter();
        assertThat(Main.run(new PrintWriter(log, true), new PrintWriter(log, true), "run",
                "src/test/resources/it/repro-offline.yaml", "--out", recorded.toString(), "--progress", "plain",
                "--pull", "never")).as(log.toString()).isZero();
        assertThat(RunFixture.cell(recorded, CELL).get("outcome").asText()).isEqualTo("INSTALL_FAILED");
    }

    @Test
    void aRecordedFailureReproducesOnItsPinnedImageAndKeepLeavesOneLabelledContainer() {
        Path again = tmp.resolve("again");
        int code = ftmatrix("repro", recorded.toString(), CELL, "--keep", "--out", again.toString());

        String runId = RunFixture.runInfo(again).get("run_id").asText();
        List<Container> kept = containersOf(runId);
        try {
            assertThat(code).as(out.toString()).isZero();
            JsonNode before = RunFixture.cell(recorded, CELL);
            JsonNode now = RunFixture.cell(again, CELL);
            assertThat(now.get("outcome").asText()).isEqualTo("INSTALL_FAILED");
            assertThat(now.get("failure").get("category").asText()).isEqualTo("network");
            assertThat(now.get("image").asText()).isEqualTo(before.get("image_digest").asText());
            assertThat(now.get("image_digest").asText()).isEqualTo(before.get("image_digest").asText());
            assertThat(out.toString()).contains("reproduced: yes (outcome INSTALL_FAILED, as expected; category"
                    + " network, as expected)");
            assertThat(kept).hasSize(1);
            String name = kept.get(0).getNames()[0].substring(1);
            assertThat(kept.get(0).getLabels()).containsEntry("dev.ftmatrix.keep", "true")
                    .containsEntry("dev.ftmatrix.cell", CELL);
            assertThat(out.toString()).contains("container kept: docker exec -it " + name + " bash");
        } finally {
            DockerClient docker = DockerClientFactory.instance().client();
            kept.forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        }
    }

    @Test
    void shellRunsPipedCommandsInTheContainerAfterTheFailingStepThenRemovesIt() {
        Path again = tmp.resolve("shell");
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(
                "echo \"inside: $(cat /etc/debian_version) $(ls /ftmatrix/recipes/distro-apt.sh)\"\n"
                        .getBytes(StandardCharsets.UTF_8)));
        int code;
        try {
            code = ftmatrix("repro", recorded.toString(), CELL, "--shell", "--out", again.toString());
        } finally {
            System.setIn(stdin);
        }
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("inside: 13\\.\\d+ /ftmatrix/recipes/distro-apt\\.sh\n");
        assertThat(containersOf(RunFixture.runInfo(again).get("run_id").asText())).isEmpty();
    }

    @Test
    void aReportedFailureReproducesWithItsTextInTheLog() {
        int code = ftmatrix("repro", "--report", "matrices/repro/apt-offline.yaml", "--out",
                tmp.resolve("report").toString(), "--pull", "never");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("reported: INSTALL_FAILED (network)", "reproduced: yes (outcome"
                + " INSTALL_FAILED, as expected; category network, as expected; text \"Temporary failure resolving"
                + " 'deb.debian.org'\" found in the step output of ");
    }

    @Test
    void aReportWhoseTextIsNotInTheLogIsNotReproduced() {
        int code = ftmatrix("repro", "--report", "src/test/resources/it/repro-wrong-text.yaml", "--out",
                tmp.resolve("wrong").toString(), "--pull", "never");
        assertThat(code).as(out.toString()).isEqualTo(4);
        assertThat(out.toString()).contains("reproduced: no (outcome INSTALL_FAILED, as expected; category network,"
                + " as expected; text \"Could not resolve host: deb.debian.org\" not found in the step output of ");
    }

    private static List<Container> containersOf(String runId) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.ftmatrix.run", runId)).exec();
    }
}
