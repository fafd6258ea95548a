package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Contract tests of the recipes whose upstream cannot be reached here: the REAL recipes run in real Debian
 * containers where the upstream tool is a FAKE on PATH (src/test/resources/fakes), one image per documented
 * behaviour. Each must end in the right outcome and category. The images carry dev.ftmatrix.simulated=true, so
 * every result says simulated and none is evidence about a method. The containers reach Debian's archive
 * (network: host) because pyenv's recipe installs its build dependencies with apt, as it must for real.
 */
class RecipeContractIT {
    private static final List<String> MODES = List.of("success", "network", "not-found", "gil-build", "no-venv");
    private static final String REPOSITORY = "ftmatrix-test-fakes";
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @TempDir
    static Path tmp;

    private static Path runDir;

    @BeforeAll
    static void prepareOneImagePerModeAndRunEveryRecipeInEach() throws Exception {
        String interpreterImage = FreeThreadedInterpreter.image(tmp);
        DockerClient docker = DockerClientFactory.instance().client();
        try (GenericContainer<?> prep = new GenericContainer<>(DockerImageName.parse(interpreterImage))
                .withNetworkMode("host")
                .withCommand("sleep", "infinity")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withStartupTimeout(Duration.ofMinutes(1))
                .withCopyFileToContainer(MountableFile.forHostPath("src/test/resources/fakes"), "/opt/ftmatrix-fakes")) {
            prep.start();
            ExecResult installed = prep.execInContainer("bash", "-euc", String.join(" && ",
                    "install -m 0755 /opt/ftmatrix-fakes/bin/* /usr/local/bin/",
                    "mkdir -p /usr/local/lib/ftmatrix-fakes",
                    "cp -r /opt/ftmatrix-fakes/lib/ftmatrix-fakes/. /usr/local/lib/ftmatrix-fakes/",
                    "apt-get update -qq",
                    "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.13 python3.13-venv >/dev/null"));
            assertThat(installed.getExitCode()).as(installed.getStdout() + installed.getStderr()).isZero();
            for (String mode : MODES) {
                docker.commitCmd(prep.getContainerId()).withRepository(REPOSITORY).withTag(mode).withPause(true)
                        .withEnv(PATH, "FTMATRIX_FAKE_MODE=" + mode)
                        .withLabels(Map.of(ResolvedImage.SIMULATED_LABEL, "true"))
                        .exec();
            }
        }

        StringBuilder os = new StringBuilder();
        for (String mode : MODES) {
            os.append("  - { id: fake-").append(mode).append(", image: \"").append(REPOSITORY).append(':').append(mode)
                    .append("\" }\n");
        }
        Path matrix = tmp.resolve("contract.yaml");
        Files.writeString(matrix, """
                name: recipe-contract
                python: ["3.13t"]
                timeout: 10m
                parallel: 2
                network: host
                os:
                %smethods:
                  - { id: uv, recipe: uv, tier: 1 }
                  - { id: fedora-dnf, recipe: fedora-dnf, tier: 1 }
                  - { id: conda, recipe: conda, tier: 2 }
                  - { id: pyenv, recipe: pyenv, tier: 4 }
                  - { id: homebrew, recipe: homebrew, tier: 1 }
                smoke: { venv: true, threads: 2 }
                """.formatted(os));
        runDir = tmp.resolve("run");
        StringWriter sink = new StringWriter();
        int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                "--out", runDir.toString(), "--progress", "plain", "--pull", "never");
        assertThat(code).as(sink.toString()).isZero();
    }

    @AfterAll
    static void removeTheModeImages() {
        for (String mode : MODES) {
            try {
                DockerClientFactory.instance().client().removeImageCmd(REPOSITORY + ":" + mode).withForce(true).exec();
            } catch (NotFoundException absent) {
                // Never built: the set-up failed before.
            }
        }
    }

    @ParameterizedTest(name = "{0} with a fake that says {1}")
    @CsvSource({
        "uv, success, PASS,", "uv, network, INSTALL_FAILED, network", "uv, not-found, INSTALL_FAILED, not-found",
        "uv, gil-build, NOT_FREE_THREADED, gil-build", "uv, no-venv, VENV_FAILED, venv-create",
        "fedora-dnf, success, PASS,", "fedora-dnf, network, INSTALL_FAILED, network",
        "fedora-dnf, not-found, INSTALL_FAILED, not-found", "fedora-dnf, gil-build, NOT_FREE_THREADED, gil-build",
        "fedora-dnf, no-venv, VENV_FAILED, venv-create",
        "conda, success, PASS,", "conda, network, INSTALL_FAILED, network", "conda, not-found, INSTALL_FAILED, not-found",
        "conda, gil-build, NOT_FREE_THREADED, gil-build", "conda, no-venv, VENV_FAILED, venv-create",
        "pyenv, success, PASS,", "pyenv, network, INSTALL_FAILED, network", "pyenv, not-found, INSTALL_FAILED, not-found",
        "pyenv, gil-build, NOT_FREE_THREADED, gil-build", "pyenv, no-venv, VENV_FAILED, venv-create",
        "homebrew, success, PASS,", "homebrew, network, INSTALL_FAILED, network",
        "homebrew, not-found, INSTALL_FAILED, not-found", "homebrew, gil-build, NOT_FREE_THREADED, gil-build",
        "homebrew, no-venv, VENV_FAILED, venv-create",
    })
    void eachDocumentedBehaviourEndsInTheRightOutcome(String method, String mode, String outcome, String category) {
        JsonNode cell = RunFixture.cell(runDir, "fake-" + mode + "/" + method + "/3.13t#1");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo(outcome);
        if (category == null) {
            assertThat(cell.get("failure").isNull()).as(cell.toString()).isTrue();
        } else {
            assertThat(cell.get("failure").get("category").asText()).as(cell.toString()).isEqualTo(category);
        }
        assertThat(cell.get("simulated").asBoolean()).as("a fake's result is never evidence").isTrue();
    }
}
