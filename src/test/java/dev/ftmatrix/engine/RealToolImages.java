package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Images holding a real upstream tool from Debian's archive (pyenv, dnf), made for the tests that run a recipe
 * against that tool, and the one real CPython source tarball Debian's archive serves here. Nothing is faked: the
 * images carry no simulated label, so a cell's result on them is a real install.
 */
final class RealToolImages {
    private static final String RESOURCES = "src/test/resources/real-tools";

    private RealToolImages() {
    }

    /**
     * A {@code --network host} container of {@code image} with the test resources under /fixtures, owned by this
     * process: an install-cache image carries the labels of the run that made it, long gone, and a container
     * inheriting them would be removed by the next {@code ftmatrix gc} or run on this daemon.
     */
    static GenericContainer<?> container(String image) {
        return new GenericContainer<>(DockerImageName.parse(image))
                .withLabels(ContainerGc.Owner.current().labels())
                .withNetworkMode("host")
                .withCommand("sleep", "infinity")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withStartupTimeout(Duration.ofMinutes(1))
                .withCopyFileToContainer(MountableFile.forHostPath(RESOURCES), "/fixtures/real-tools")
                .withCopyFileToContainer(MountableFile.forHostPath("src/test/resources/python-org-mirror"),
                        "/fixtures/python-org-mirror");
    }

    /** Runs {@code command} in the container, which must exit 0 within {@code minutes}; returns its stdout. */
    static String exec(GenericContainer<?> c, int minutes, String... command) throws Exception {
        String[] timed = new String[command.length + 2];
        timed[0] = "timeout";
        timed[1] = minutes + "m";
        System.arraycopy(command, 0, timed, 2, command.length);
        ExecResult result = c.execInContainer(timed);
        assertThat(result.getExitCode()).as(String.join(" ", command) + "\n" + result.getStdout() + result.getStderr())
                .isZero();
        return result.getStdout();
    }

    /** Commits the container as {@code repository:tag}, with no simulated label: what runs on it is real. */
    static void commit(GenericContainer<?> c, String repository, String tag) {
        DockerClientFactory.instance().client().commitCmd(c.getContainerId()).withRepository(repository).withTag(tag)
                .withPause(true).exec();
    }

    /** A cell of a finished run, which must not be simulated: a run on these images is a real install. */
    static JsonNode realCell(Path runDir, String id) {
        JsonNode cell = RunFixture.cell(runDir, id);
        assertThat(cell.get("simulated").asBoolean()).as("a real tool, not a fake: " + id).isFalse();
        return cell;
    }

    /**
     * Asserts that the cell passed with {@code interpreter}, a free-threaded 3.13.5 whose GIL stayed off and whose
     * venv is free-threaded too; returns the cell's log.
     */
    static String freeThreadedPass(Path runDir, JsonNode cell, String interpreter) throws IOException {
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("PASS");
        assertThat(cell.get("interpreter").asText()).isEqualTo(interpreter);
        JsonNode probe = cell.get("probe");
        assertThat(probe.get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(probe.get("version").asText()).startsWith("3.13.5 experimental free-threading build");
        assertThat(probe.get("gil_enabled_at_end").asBoolean()).isFalse();
        assertThat(probe.get("venv").get("py_gil_disabled").asInt()).isEqualTo(1);
        return Files.readString(runDir.resolve(cell.get("log").asText()));
    }

    /** Asserts that the cell's install failed with {@code category} and returns its detail. */
    static String installFailure(JsonNode cell, String category) {
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("INSTALL_FAILED");
        assertThat(cell.get("failure").get("category").asText()).as(cell.toString()).isEqualTo(category);
        return cell.get("failure").get("detail").asText();
    }

    static void remove(String image) {
        try {
            DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException absent) {
            // Never built: the set-up failed before.
        }
    }

    /**
     * Debian's python3.13 source package's upstream tarball (trixie: {@code python3.13_3.13.5.orig.tar.xz}, which is
     * python.org's {@code Python-3.13.5.tar.xz}), downloaded into dir; returns its file name.
     */
    static String fetchDebiansOrigTarball(Path dir) throws Exception {
        try (GenericContainer<?> debian = container("debian:trixie")) {
            debian.start();
            exec(debian, 10, "bash", "/fixtures/python-org-mirror/fetch-cpython-tarball.sh", "/out");
            String name = debian.execInContainer("ls", "/out").getStdout().strip();
            debian.copyFileFromContainer("/out/" + name, dir.resolve(name).toString());
            return name;
        }
    }
}
