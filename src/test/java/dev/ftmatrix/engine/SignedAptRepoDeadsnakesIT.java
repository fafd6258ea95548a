package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The deadsnakes recipe's real apt path (variant {@code sources}: the key, a signed-by sources entry, apt-get update
 * and install) against a signed apt repository on 127.0.0.1 laid out like the PPA. Its python3.13-nogil and
 * python3.13-venv packages are built here, with dpkg-deb, from the free-threaded CPython that the source-build
 * recipe left in the install cache (src/test/resources/deadsnakes-repo). The cells are debian:trixie, no Ubuntu
 * image being available: the explicit {@code suite} is what lets the recipe past its Ubuntu-LTS check.
 * One cell gets the repository, the other a closed port instead of it (with the key still served).
 * Named to run after QuickstartIT (failsafe runs alphabetically), which builds the cached CPython for real.
 */
class SignedAptRepoDeadsnakesIT {
    private static final String SUITE = "trixie";

    @TempDir
    static Path tmp;

    private static Path repo;
    private static Path runDir;
    private static String downUrl;
    private static List<StaticFileServer.Request> served;

    @BeforeAll
    static void buildTheRepositoryServeItAndRunTheMatrix() throws Exception {
        repo = buildRepository(FreeThreadedInterpreter.image(tmp), tmp.resolve("repo"));
        try (StaticFileServer server = StaticFileServer.serve(repo)) {
            String repoUrl = server.url();
            try (StaticFileServer down = StaticFileServer.serve(repo)) {
                downUrl = down.url();
            }
            Path matrix = tmp.resolve("deadsnakes.yaml");
            Files.writeString(matrix, """
                    name: deadsnakes-apt-repo
                    python: ["3.13t"]
                    network: host
                    timeout: 10m
                    parallel: 2
                    # No Ubuntu image here: trixie stands in for the Ubuntu the recipe declares, the signed
                    # loopback repository for the PPA (variant: sources needs nothing of Ubuntu's own).
                    os: [{ id: debian-trixie, image: debian:trixie, family: ubuntu }]
                    methods:
                      - id: deadsnakes
                        recipe: deadsnakes
                        tier: 3
                        with: { variant: sources, ppa_url: "%1$s", key_url: "%1$s/key.asc", suite: %3$s }
                      - id: deadsnakes-down
                        recipe: deadsnakes
                        tier: 3
                        with: { variant: sources, ppa_url: "%2$s", key_url: "%1$s/key.asc", suite: %3$s }
                    smoke: { venv: true, threads: 2 }
                    """.formatted(repoUrl, downUrl, SUITE));
            runDir = tmp.resolve("run");
            StringWriter sink = new StringWriter();
            int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                    "--out", runDir.toString(), "--progress", "plain", "--pull", "never");
            assertThat(code).as(sink.toString()).isZero();
            served = server.requests();
        }
    }

    /** Runs build-apt-repo.sh in a throwaway container of the interpreter's image and copies the repository out. */
    private static Path buildRepository(String interpreterImage, Path repo) throws Exception {
        try (GenericContainer<?> builder = new GenericContainer<>(DockerImageName.parse(interpreterImage))
                .withNetworkMode("host")
                .withCommand("sleep", "infinity")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withStartupTimeout(Duration.ofMinutes(1))
                .withCopyFileToContainer(MountableFile.forHostPath("src/test/resources/deadsnakes-repo"), "/fixtures")) {
            builder.start();
            ExecResult built = builder.execInContainer("timeout", "10m", "bash", "/fixtures/build-apt-repo.sh",
                    "/opt/ftmatrix/python3.13t", SUITE, "/repo");
            assertThat(built.getExitCode()).as(built.getStdout() + built.getStderr()).isZero();
            for (String file : builder.execInContainer("find", "/repo", "-type", "f", "-printf", "%P\\n").getStdout()
                    .split("\n")) {
                if (!file.isBlank()) {
                    Path target = repo.resolve(file);
                    Files.createDirectories(target.getParent());
                    builder.copyFileFromContainer("/repo/" + file, target.toString());
                }
            }
        }
        return repo;
    }

    private static JsonNode cell(String method) {
        return RunFixture.cell(runDir, "debian-trixie/" + method + "/3.13t#1");
    }

    @Test
    void installsTheFreeThreadedPackagesFromTheRepositoryAndTheirVenvHasPip() {
        JsonNode cell = cell("deadsnakes");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("PASS");
        assertThat(cell.get("simulated").asBoolean()).as("a real install on a real image").isFalse();
        assertThat(cell.get("interpreter").asText()).isEqualTo("/usr/bin/python3.13t");
        JsonNode probe = cell.get("probe");
        assertThat(probe.get("executable").asText()).isEqualTo("/usr/bin/python3.13t");
        assertThat(probe.get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(probe.get("gil_enabled_at_start").asBoolean()).isFalse();
        assertThat(probe.get("gil_enabled_at_end").asBoolean()).isFalse();
        assertThat(probe.get("venv").get("created").asBoolean()).isTrue();
        assertThat(probe.get("venv").get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(probe.get("venv").get("pip_version").asText()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void theRepositoryServedTheKeyToBothCellsAndTheSignedIndexAndBothPackagesToTheFirst() throws Exception {
        List<Path> files = new ArrayList<>(List.of(repo.resolve("key.asc"), repo.resolve("key.asc"),
                repo.resolve("dists/" + SUITE + "/InRelease")));
        try (Stream<Path> indexes = Files.walk(repo.resolve("dists"));
                Stream<Path> debs = Files.list(repo.resolve("pool/main"))) {
            indexes.filter(f -> f.endsWith("Packages.gz")).forEach(files::add);
            debs.forEach(files::add);
        }
        List<StaticFileServer.Request> expected = new ArrayList<>();
        for (Path f : files) {
            expected.add(new StaticFileServer.Request("GET", "/" + repo.relativize(f), 200, Files.size(f)));
        }
        assertThat(expected).hasSize(6);
        assertThat(served).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aRepositoryThatIsDownIsANetworkFailureOfAptGetUpdate() {
        JsonNode cell = cell("deadsnakes-down");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("INSTALL_FAILED");
        assertThat(cell.get("failure").get("category").asText()).isEqualTo("network");
        assertThat(cell.get("failure").get("detail").asText()).startsWith(
                "apt-get update could not fetch package indexes: Failed to fetch " + downUrl + "/dists/" + SUITE
                        + "/InRelease Unable to connect to 127.0.0.1:");
        assertThat(cell.get("simulated").asBoolean()).isFalse();
    }
}
