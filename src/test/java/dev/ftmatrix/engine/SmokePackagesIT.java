package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Package smoke tests for real, offline: small packages built as wheels by the free-threaded interpreter itself
 * (its headers, its compiler), served from a PEP 503 index on 127.0.0.1, installed by the real pip of the real
 * interpreter in each cell's venv. Each method tests one package situation, so each cell shows one outcome.
 */
class SmokePackagesIT {
    @TempDir
    static Path tmp;

    private static Path runDir;

    @BeforeAll
    static void buildWheelsServeThemAndRunTheMatrix() throws Exception {
        String interpreterImage = FreeThreadedInterpreter.image(tmp);
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        try (GenericContainer<?> builder = new GenericContainer<>(DockerImageName.parse(interpreterImage))
                .withNetworkMode("host")
                .withCommand("sleep", "infinity")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withStartupTimeout(Duration.ofMinutes(1))
                .withCopyFileToContainer(MountableFile.forHostPath("src/test/resources/packages"), "/fixtures")) {
            builder.start();
            ExecResult built = builder.execInContainer(FreeThreadedInterpreter.PYTHON, "/fixtures/build_wheels.py", "/wheels");
            assertThat(built.getExitCode()).as(built.getStdout() + built.getStderr()).isZero();
            for (String file : builder.execInContainer("ls", "/wheels").getStdout().split("\\s+")) {
                if (!file.isBlank()) {
                    builder.copyFileFromContainer("/wheels/" + file, wheels.resolve(file).toString());
                }
            }
        }
        assertThat(wheels.toFile().list()).hasSize(4);

        try (SimpleIndexServer index = SimpleIndexServer.serve(wheels)) {
            Path matrix = tmp.resolve("packages-it.yaml");
            Files.writeString(matrix, """
                    name: packages-it
                    python: ["3.13t"]
                    network: host
                    timeout: 40m
                    parallel: 2
                    os: [{ id: debian-trixie, image: debian:trixie }]
                    smoke:
                      venv: true
                      threads: 2
                      index_url: %s
                    methods:
                      - id: ft-ready
                        recipe: source-build
                        tier: 4
                        with: { source: debian }
                        smoke:
                          packages:
                            - { requirement: ftm-pure, check: "ftm_pure.answer() == 42" }
                            - { requirement: "ftm-ext-ft>=1.0", check: "ftm_ext_ft.add(2, 3) == 5" }
                      - id: gil-extension
                        recipe: source-build
                        tier: 4
                        with: { source: debian }
                        smoke: { packages: [ftm-ext-gil] }
                      - id: gil-abi-only
                        recipe: source-build
                        tier: 4
                        with: { source: debian }
                        smoke: { packages: [ftm-gil-abi-only] }
                      - id: failing-check
                        recipe: source-build
                        tier: 4
                        with: { source: debian }
                        smoke: { packages: [{ requirement: ftm-pure, check: "ftm_pure.answer() == 41" }] }
                    """.formatted(index.url()));
            runDir = tmp.resolve("run");
            StringWriter sink = new StringWriter();
            int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                    "--out", runDir.toString(), "--progress", "plain", "--pull", "never", "--reuse-installs");
            assertThat(code).as(sink.toString()).isZero();
        }
    }

    private static JsonNode cell(String method) {
        return RunFixture.cell(runDir, "debian-trixie/" + method + "/3.13t#1");
    }

    @Test
    void freeThreadedWheelsInstallImportAndKeepTheGilOff() {
        JsonNode cell = cell("ft-ready");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("PASS");
        assertThat(cell.get("install_reused").asBoolean()).isTrue();
        JsonNode pure = cell.get("probe").get("packages").get(0);
        assertThat(pure.get("file").asText()).isEqualTo("ftm_pure-1.0-py3-none-any.whl");
        assertThat(pure.get("check_ok").asBoolean()).isTrue();
        JsonNode ext = cell.get("probe").get("packages").get(1);
        assertThat(ext.get("source").asText()).isEqualTo("wheel");
        assertThat(ext.get("file").asText()).matches("ftm_ext_ft-1\\.0-cp313-cp313t-linux_[a-z0-9_]+\\.whl");
        assertThat(ext.get("imported").asBoolean()).isTrue();
        assertThat(ext.get("gil_enabled_after_import").asBoolean()).isFalse();
        assertThat(ext.get("check_ok").asBoolean()).isTrue();
        assertThat(ext.get("category").isNull()).isTrue();
        assertThat(cell.get("probe").get("pip_too_old").asBoolean()).isFalse();
    }

    @Test
    void anExtensionWithoutTheDeclarationReenablesTheGilAndIsNamed() {
        JsonNode cell = cell("gil-extension");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("GIL_REENABLED");
        assertThat(cell.get("failure").get("category").asText()).isEqualTo("package:ftm_ext_gil");
        JsonNode pkg = cell.get("probe").get("packages").get(0);
        assertThat(pkg.get("installed").asBoolean()).isTrue();
        assertThat(pkg.get("gil_enabled_after_import").asBoolean()).isTrue();
        assertThat(pkg.get("gil_warning").asText())
                .contains("The global interpreter lock (GIL) has been enabled to load module 'ftm_ext_gil'");
        assertThat(cell.get("probe").get("gil_enabled_at_end").asBoolean())
                .as("the import ran in its own interpreter").isFalse();
    }

    @Test
    void aPackageWithOnlyAGilAbiWheelHasNoFreeThreadedWheel() {
        JsonNode cell = cell("gil-abi-only");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("PACKAGE_FAILED");
        assertThat(cell.get("failure").get("category").asText()).isEqualTo("no-ft-wheel");
        assertThat(cell.get("failure").get("detail").asText()).contains("ftm_gil_abi_only-1.0-cp313-cp313-linux");
        assertThat(cell.get("probe").get("packages").get(0).get("installed").asBoolean()).isFalse();
    }

    @Test
    void aFailingCheckIsReported() {
        JsonNode cell = cell("failing-check");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("PACKAGE_FAILED");
        assertThat(cell.get("failure").get("category").asText()).isEqualTo("check-failed");
        assertThat(cell.get("probe").get("packages").get(0).get("check_ok").asBoolean()).isFalse();
    }
}
