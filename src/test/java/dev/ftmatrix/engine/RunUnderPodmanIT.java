package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.ftmatrix.InfrastructureException;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ftmatrix under Podman (Debian bookworm's 4.3) through its Docker-compatible service, as a user runs it: the packaged
 * CLI in its own process with DOCKER_HOST naming Podman's socket. .ci/test prepares the machine with
 * {@code ftmatrix doctor --fix --engine podman}; without it these tests fail and say so.
 *
 * <p>The free-threaded cell does not build CPython again under Podman: the install-cache image the Docker tests built
 * (the quickstart's, through {@link FreeThreadedInterpreter}) is copied into Podman under the same key, so the real
 * source-build method's cell finds its install there ({@code install_reused}) and the real probe judges the real
 * interpreter. The control installs Debian's python3.13 for real. Named to run after QuickstartIT, whose build it copies.
 */
class RunUnderPodmanIT {
    private static final String SOCKET = "unix://" + ContainerEngine.PODMAN_SOCKET;
    private static final Path QUICKSTART = Path.of("matrices/quickstart.yaml");

    @TempDir
    Path tmp;

    private Docker podman;
    private final List<String> imagesToRemove = new ArrayList<>();

    @BeforeEach
    void connect() {
        try {
            podman = Docker.connect(SOCKET);
        } catch (InfrastructureException e) {
            throw new AssertionError("Podman's service does not answer at " + SOCKET + ": as root, run DOCKER_HOST="
                    + SOCKET + " ./ftmatrix doctor --fix --engine podman matrices/quickstart.yaml (.ci/test does)", e);
        }
        assertThat(podman.engine()).as(SOCKET).isEqualTo(ContainerEngine.PODMAN);
    }

    @AfterEach
    void removeWhatTheTestMade() {
        for (String image : imagesToRemove) {
            try {
                podman.client().removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException alreadyGone) {
                // Never made: the test failed before.
            }
        }
        podman.close();
    }

    @Test
    void theQuickstartsControlIsCaughtAndItsFreeThreadedCellPassesUnderPodman() throws Exception {
        RecipeCatalog catalog = RecipeCatalog.scan(Path.of("containers"));
        List<Cell> cells = Matrices.expand(Matrices.load(QUICKSTART, catalog.names()));
        ResolvedImage base = new Images(podman).inspect("debian:trixie").orElseThrow(() -> new AssertionError(
                "debian:trixie is not in Podman's storage: ftmatrix doctor --fix --engine podman matrices/quickstart.yaml"));
        String sourceKey = InstallCache.key(base, catalog.require("source-build"), cells.get(0));
        String controlKey = InstallCache.key(base, catalog.require("distro-apt"), cells.get(1));
        imagesToRemove.add(InstallCache.REPOSITORY + ":" + sourceKey);
        imagesToRemove.add(InstallCache.REPOSITORY + ":" + controlKey);
        assertThat(base.digest()).as("an image from no registry is pinned by its id, as on Docker").startsWith("sha256:");
        copyIntoPodman(FreeThreadedInterpreter.image(tmp));
        // Same key only when Podman's debian:trixie is Docker's (the doctor copies it); else the cell would build CPython.
        assertThat(new InstallCache(podman).lookup(sourceKey))
                .as("the copied install under Podman's key %s (Podman's debian:trixie is %s)", sourceKey, base.id())
                .isPresent();

        Path out = tmp.resolve("run");
        Proc run = ftmatrix(SOCKET, "run", QUICKSTART.toString(), "--out", out.toString(), "--progress", "plain",
                "--pull", "never", "--reuse-installs");
        assertThat(run.code()).as(run.err() + run.out()).isZero();

        JsonNode source = RunFixture.cell(out, "debian-trixie/source-debian/3.13t#1");
        assertThat(source.get("outcome").asText()).as(source.toString()).isEqualTo("PASS");
        assertThat(source.get("install_reused").asBoolean()).isTrue();
        assertThat(source.get("probe").get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(source.get("probe").get("gil_enabled_at_end").asBoolean()).isFalse();
        assertThat(source.get("probe").get("venv").get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(source.get("image_digest").asText()).isEqualTo(base.digest());

        JsonNode control = RunFixture.cell(out, "debian-trixie/distro-apt/3.13t#1");
        assertThat(control.get("outcome").asText()).as(control.toString()).isEqualTo("NOT_FREE_THREADED");
        assertThat(control.get("failure").get("category").asText()).isEqualTo("gil-build");
        assertThat(control.get("install_reused").asBoolean()).isFalse();
        assertThat(control.get("docker_version").asText()).isEqualTo(podman.serverVersion());

        JsonNode info = RunFixture.runInfo(out);
        assertThat(info.get("status").asText()).isEqualTo("complete");
        assertThat(info.get("docker_host").asText()).isEqualTo(SOCKET);
        assertThat(containersOfRun(info.get("run_id").asText())).isEmpty();
        // The control's install was committed to Podman's own install cache.
        assertThat(podman.client().inspectImageCmd(InstallCache.REPOSITORY + ":" + controlKey).exec().getConfig()
                .getLabels()).containsEntry("dev.ftmatrix.interpreter", "/usr/bin/python3.13");
    }

    @Test
    void aCellIsConfinedAndAnOomKillIsTheMachinesFailureUnderPodman() throws Exception {
        Path matrix = Files.writeString(tmp.resolve("confinement.yaml"), ConfinementIT.MATRIX);
        Path out = tmp.resolve("out");
        Proc run = ftmatrix(SOCKET, "run", matrix.toString(), "--out", out.toString(), "--progress", "plain",
                "--pull", "never", "--containers", InfraRecipes.containersIn(tmp).toString());
        assertThat(run.code()).as(run.err() + run.out()).isZero();

        JsonNode confined = RunFixture.cell(out, "debian-trixie/confinement/3.13t#1");
        assertThat(Files.readAllLines(out.resolve(confined.get("log").asText()))).contains(
                "cap-eff: " + ConfinementIT.KEPT_CAPABILITIES, "no-new-privs: 1", "docker-sock: absent",
                "memory: 536870912", "pids: 512", "cpu: 150000 100000");
        List<JsonNode> hog = RunFixture.cells(out).stream()
                .filter(c -> c.get("cell").asText().equals("debian-trixie/memory-hog/3.13t#1")).toList();
        assertThat(hog).extracting(c -> c.get("outcome").asText() + "/" + c.get("failure").get("category").asText())
                .containsExactly("INFRA_ERROR/oom", "INFRA_ERROR/oom");
        assertThat(containersOfRun(RunFixture.runInfo(out).get("run_id").asText())).isEmpty();
    }

    @Test
    void gcRemovesTheContainerOfADeadRunUnderPodman() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String runId = "podman-gc-" + gone.pid();
        DockerClient client = podman.client();
        String id = client.createContainerCmd("debian:trixie").withCmd("sleep", "600")
                .withLabels(Map.of("dev.ftmatrix.run", runId, "dev.ftmatrix.cell", "debian-trixie/gc/3.13t#1",
                        "dev.ftmatrix.host", ContainerGc.hostName(), "dev.ftmatrix.pid", Long.toString(gone.pid()),
                        "dev.ftmatrix.started", Instant.now().toString()))
                .exec().getId();
        try {
            Proc gc = ftmatrix(SOCKET, "gc");
            assertThat(gc.code()).as(gc.err()).isZero();
            assertThat(gc.out()).contains(id.substring(0, 12) + "  " + runId, "removed  its run's process "
                    + gone.pid() + " has ended");
            assertThat(containersOfRun(runId)).isEmpty();
        } finally {
            if (!containersOfRun(runId).isEmpty()) {
                client.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

    @Test
    void doctorForPodmanIsReadyOnlyWhenDockerHostNamesIt() throws Exception {
        Proc pointed = ftmatrix(SOCKET, "doctor", "--engine", "podman", "matrices/quickstart.yaml");
        assertThat(pointed.code()).as(pointed.out()).isZero();
        assertThat(pointed.out()).contains("ok      podman                 Podman " + podman.serverVersion(),
                "ok      containers             a container of debian:trixie starts and exits 0",
                "ok      DOCKER_HOST            " + SOCKET + ": run uses Podman", "ready");

        Proc unset = ftmatrix(null, "doctor", "--engine", "podman", "matrices/quickstart.yaml");
        assertThat(unset.code()).isEqualTo(3);
        assertThat(unset.out()).contains("MISSING DOCKER_HOST            not set: run would not use Podman",
                "fix: export DOCKER_HOST=" + SOCKET,
                "not ready: run the fix commands above, or ftmatrix doctor --fix --engine podman");
    }

    /** The Docker daemon's image, streamed into Podman's storage (docker save | podman load, through both APIs). */
    private void copyIntoPodman(String image) throws IOException {
        try (Docker docker = Docker.connect(); InputStream tar = docker.client().saveImageCmd(image).exec()) {
            podman.client().loadImageCmd(tar).exec();
        }
    }

    private List<String> containersOfRun(String runId) {
        return podman.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.ftmatrix.run", runId)).exec().stream().map(c -> c.getId()).toList();
    }

    private record Proc(int code, String out, String err) {
    }

    private Proc ftmatrix(String dockerHost, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/ftmatrix.jar"));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(tmp, "out", ".txt");
        Path stderr = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        if (dockerHost == null) {
            pb.environment().remove("DOCKER_HOST");
        } else {
            pb.environment().put("DOCKER_HOST", dockerHost);
        }
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("ftmatrix " + String.join(" ", args) + " did not finish within 20 minutes");
        }
        return new Proc(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
