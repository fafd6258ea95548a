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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * containers where the upstream is a FAKE (src/test/resources/fakes), one image per documented behaviour. Each must
 * end in the right outcome and category. Four kinds of image, all from one base holding the free-threaded
 * interpreter, Debian's GIL python3.13 and the fakes: the fake tools on PATH (uv, dnf, conda, pyenv, brew); a
 * manylinux image's /opt/python and an official python image's /usr/local/bin, laid out by the fakes' layout
 * scripts; and a Debian image with a FAKE /etc/os-release saying Ubuntu 24.04, for deadsnakes' ppa variant and the
 * fake add-apt-repository. The images carry dev.ftmatrix.simulated=true, so every result says simulated and none is
 * evidence about a method. The containers reach Debian's archive (network: host) because pyenv's recipe installs
 * its build dependencies with apt and deadsnakes' runs apt-get update, as they must for real.
 */
class RecipeContractIT {
    private static final List<String> MODES = List.of("success", "network", "not-found", "gil-build", "no-venv");
    /** An image layout fetches nothing, so it has no network failure to fake. */
    private static final List<String> LAYOUT_MODES = List.of("success", "not-found", "gil-build", "no-venv");
    private static final String REPOSITORY = "ftmatrix-test-fakes";
    private static final String BASE = REPOSITORY + ":base";
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Images named fake-{@code name}-{@code <mode>}, each made by running {@code prepare(mode)} in a base container. */
    private record Kind(String name, List<String> modes, Function<String, String> prepare) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("tools", MODES, mode -> "true"),
            new Kind("manylinux", LAYOUT_MODES, mode -> "bash /opt/ftmatrix-fakes/manylinux/layout.sh " + mode),
            new Kind("official", LAYOUT_MODES, mode -> "bash /opt/ftmatrix-fakes/docker-official/layout.sh " + mode),
            // Debian's /etc/os-release is a link into /usr/lib; replace the link, keep the real file.
            new Kind("ubuntu", MODES,
                    mode -> "rm -f /etc/os-release && install -m 0644 /opt/ftmatrix-fakes/ubuntu/os-release /etc/os-release"));

    private static final List<String> TAGS = new ArrayList<>();

    @TempDir
    static Path tmp;

    private static Path runDir;

    @BeforeAll
    static void prepareOneImagePerKindAndModeAndRunEveryRecipeInOneRun() throws Exception {
        String interpreterImage = FreeThreadedInterpreter.image(tmp);
        try (GenericContainer<?> prep = container(interpreterImage, "host")
                .withCopyFileToContainer(MountableFile.forHostPath("src/test/resources/fakes"), "/opt/ftmatrix-fakes")) {
            prep.start();
            run(prep, String.join(" && ",
                    "install -m 0755 /opt/ftmatrix-fakes/bin/* /usr/local/bin/",
                    "mkdir -p /usr/local/lib/ftmatrix-fakes",
                    "cp -r /opt/ftmatrix-fakes/lib/ftmatrix-fakes/. /usr/local/lib/ftmatrix-fakes/",
                    "apt-get update -qq",
                    "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.13 python3.13-venv >/dev/null",
                    // The no-venv interpreter is a copy of the whole prefix: made once here, not in every image or cell.
                    "FTMATRIX_FAKE_MODE=no-venv bash -c '. /usr/local/lib/ftmatrix-fakes/fake-tool.sh && fake_init base && fake_target'"));
            commit(prep, BASE, PATH);
        }
        StringBuilder os = new StringBuilder();
        for (Kind kind : KINDS) {
            try (GenericContainer<?> c = container(BASE, "none")) {
                c.start();
                for (String mode : kind.modes()) {
                    run(c, kind.prepare().apply(mode));
                    String id = "fake-" + kind.name() + "-" + mode;
                    commit(c, REPOSITORY + ":" + kind.name() + "-" + mode, PATH, "FTMATRIX_FAKE_MODE=" + mode);
                    os.append("  - { id: ").append(id).append(", image: \"").append(REPOSITORY).append(':')
                            .append(kind.name()).append('-').append(mode).append("\" }\n");
                }
            }
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
                  - { id: uv, recipe: uv, tier: 1, os: ["fake-tools-*"] }
                  - { id: fedora-dnf, recipe: fedora-dnf, tier: 1, os: ["fake-tools-*"] }
                  - { id: conda, recipe: conda, tier: 2, os: ["fake-tools-*"] }
                  - { id: pyenv, recipe: pyenv, tier: 4, os: ["fake-tools-*"] }
                  - { id: homebrew, recipe: homebrew, tier: 1, os: ["fake-tools-*"] }
                  - { id: manylinux, recipe: manylinux, tier: 4, os: ["fake-manylinux-*"] }
                  - { id: docker-official, recipe: docker-official, tier: 4, os: ["fake-official-*"] }
                  - { id: deadsnakes, recipe: deadsnakes, tier: 3, with: { variant: ppa }, os: ["fake-ubuntu-*"] }
                  - id: deadsnakes-unknown-ppa
                    recipe: deadsnakes
                    tier: 3
                    with: { variant: ppa, ppa: "ppa:ftmatrix-fake/no-such-ppa" }
                    os: ["fake-ubuntu-network", "fake-ubuntu-not-found"]
                  - id: deadsnakes-empty-ppa
                    recipe: deadsnakes
                    tier: 3
                    with: { variant: ppa, ppa: "ppa:ftmatrix-fake/empty" }
                    os: ["fake-ubuntu-success"]
                smoke: { venv: true, threads: 2 }
                """.formatted(os));
        runDir = tmp.resolve("run");
        StringWriter sink = new StringWriter();
        int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                "--out", runDir.toString(), "--progress", "plain", "--pull", "never");
        assertThat(code).as(sink.toString()).isZero();
    }

    private static GenericContainer<?> container(String image, String network) {
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode(network)
                .withCommand("sleep", "infinity")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withStartupTimeout(Duration.ofMinutes(1));
    }

    private static void run(GenericContainer<?> c, String script) throws Exception {
        ExecResult result = c.execInContainer("bash", "-euc", script);
        assertThat(result.getExitCode()).as(script + "\n" + result.getStdout() + result.getStderr()).isZero();
    }

    private static void commit(GenericContainer<?> c, String tag, String... env) {
        DockerClient docker = DockerClientFactory.instance().client();
        int colon = tag.lastIndexOf(':');
        TAGS.add(tag);
        docker.commitCmd(c.getContainerId()).withRepository(tag.substring(0, colon)).withTag(tag.substring(colon + 1))
                .withPause(true).withEnv(env).withLabels(Map.of(ResolvedImage.SIMULATED_LABEL, "true")).exec();
    }

    @AfterAll
    static void removeTheTestImages() {
        // The mode images first: the base is their parent.
        for (int i = TAGS.size() - 1; i >= 0; i--) {
            String tag = TAGS.get(i);
            try {
                DockerClientFactory.instance().client().removeImageCmd(tag).withForce(true).exec();
            } catch (NotFoundException absent) {
                // Never built: the set-up failed before.
            }
        }
    }

    private static JsonNode assertCell(String os, String method, String outcome, String category) {
        JsonNode cell = RunFixture.cell(runDir, os + "/" + method + "/3.13t#1");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo(outcome);
        if (category == null) {
            assertThat(cell.get("failure").isNull()).as(cell.toString()).isTrue();
        } else {
            assertThat(cell.get("failure").get("category").asText()).as(cell.toString()).isEqualTo(category);
        }
        assertThat(cell.get("simulated").asBoolean()).as("a fake's result is never evidence").isTrue();
        return cell;
    }

    private static String detail(JsonNode cell) {
        return cell.get("failure").get("detail").asText();
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
    void eachDocumentedBehaviourOfAFakeToolEndsInTheRightOutcome(String method, String mode, String outcome,
            String category) {
        assertCell("fake-tools-" + mode, method, outcome, category);
    }

    @ParameterizedTest(name = "{1}'s GIL twin is timed next to it")
    @CsvSource({
        "fake-tools-success, uv, /opt/ftmatrix/uv/python/cpython-3\\.13\\.\\d+-linux-[a-z0-9_]+-gnu/bin/python3\\.13",
        "fake-tools-success, fedora-dnf, /usr/bin/python3\\.13",
        "fake-tools-success, conda, /opt/ftmatrix/conda-env-gil/bin/python",
        "fake-tools-success, pyenv, /.+/versions/3\\.13\\.\\d+/bin/python3\\.13",
        "fake-tools-success, homebrew, /home/linuxbrew/\\.linuxbrew/opt/python@3\\.13/bin/python3\\.13",
        "fake-manylinux-success, manylinux, /opt/python/cp313-cp313/bin/python",
    })
    void eachMethodsTwinIsReportedAndTimed(String os, String method, String twin) {
        JsonNode bench = assertCell(os, method, "PASS", null).get("probe").get("benchmarks");
        assertThat(bench.get("twin").asText()).as(bench.toString()).matches(twin);
        assertThat(bench.get("twin_error").isNull()).as(bench.toString()).isTrue();
        assertThat(bench.get("workloads")).isNotEmpty().allSatisfy(w -> assertThat(w.get("twin_s")).isNotEmpty());
    }

    @Test
    void deadsnakesTwinIsThePpasPython3xOfTheNogilPackagesVersion() {
        JsonNode bench = assertCell("fake-ubuntu-success", "deadsnakes", "PASS", null).get("probe").get("benchmarks");
        assertThat(bench.get("twin").asText()).as(bench.toString()).isEqualTo("/usr/bin/python3.13");
        assertThat(bench.get("twin_error").isNull()).as(bench.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0} on an image laid out as {1}")
    @CsvSource({
        "manylinux, manylinux, success, PASS,", "manylinux, manylinux, not-found, INSTALL_FAILED, not-found",
        "manylinux, manylinux, gil-build, NOT_FREE_THREADED, gil-build",
        "manylinux, manylinux, no-venv, VENV_FAILED, venv-create",
        "docker-official, official, success, PASS,", "docker-official, official, not-found, INSTALL_FAILED, not-found",
        "docker-official, official, gil-build, NOT_FREE_THREADED, gil-build",
        "docker-official, official, no-venv, VENV_FAILED, venv-create",
    })
    void eachImageLayoutEndsInTheRightOutcome(String method, String kind, String mode, String outcome, String category) {
        assertCell("fake-" + kind + "-" + mode, method, outcome, category);
    }

    @Test
    void aManylinuxImageWithoutCp313tIsNotFoundWithItsListing() {
        JsonNode cell = assertCell("fake-manylinux-not-found", "manylinux", "INSTALL_FAILED", "not-found");
        assertThat(detail(cell)).isEqualTo("this image has no /opt/python/cp313-cp313t/bin/python (manylinux dropped"
                + " cp313t from images tagged 2026-05-07 and later, pypa/manylinux#1882; pin an older tag); /opt/python"
                + " has: cp310-cp310 cp311-cp311 cp312-cp312 cp313-cp313 cp314-cp314 cp314-cp314t cp315-cp315 cp315-cp315t");
    }

    @Test
    void todaysOfficialPythonImageHasNoFreeThreadedBuildAndSaysWhichGilBuildItHas() {
        JsonNode cell = assertCell("fake-official-not-found", "docker-official", "INSTALL_FAILED", "not-found");
        assertThat(detail(cell)).matches(Pattern.quote("the image has no python3.13t: the official python images ship"
                + " no free-threaded build (docker-library/python#947; #1082 open). It has /usr/local/bin/python3 (")
                + "3\\.13\\.\\d+, Py_GIL_DISABLED=0\\)");
    }

    @ParameterizedTest(name = "deadsnakes (ppa variant) with a fake add-apt-repository that says {0}")
    @CsvSource({
        "success, PASS,", "network, INSTALL_FAILED, network", "gil-build, NOT_FREE_THREADED, gil-build",
        "no-venv, VENV_FAILED, venv-create",
    })
    void eachBehaviourOfTheDeadsnakesPpaEndsInTheRightOutcome(String mode, String outcome, String category) {
        assertCell("fake-ubuntu-" + mode, "deadsnakes", outcome, category);
    }

    @Test
    void launchpadDenyingTheDefaultPpaIsItsIntermittentNetworkFailure() {
        JsonNode cell = assertCell("fake-ubuntu-not-found", "deadsnakes", "INSTALL_FAILED", "network");
        assertThat(detail(cell)).isEqualTo("add-apt-repository ppa:deadsnakes/ppa failed (exit 1):"
                + " ERROR: ppa 'deadsnakes/ppa' not found (use --login if private)");
    }

    @Test
    void launchpadDenyingAnyOtherPpaIsNotFound() {
        JsonNode cell = assertCell("fake-ubuntu-not-found", "deadsnakes-unknown-ppa", "INSTALL_FAILED", "not-found");
        assertThat(detail(cell)).isEqualTo("add-apt-repository ppa:ftmatrix-fake/no-such-ppa failed (exit 1):"
                + " ERROR: ppa 'ftmatrix-fake/no-such-ppa' not found (use --login if private)");
    }

    @Test
    void launchpadUnreachableIsANetworkFailureForAnyPpa() {
        JsonNode cell = assertCell("fake-ubuntu-network", "deadsnakes-unknown-ppa", "INSTALL_FAILED", "network");
        assertThat(detail(cell)).isEqualTo("add-apt-repository ppa:ftmatrix-fake/no-such-ppa failed (exit 1):"
                + " socket.gaierror: [Errno -3] Temporary failure in name resolution");
    }

    @Test
    void aPpaAddedWithoutTheNogilPackageIsNotFound() {
        JsonNode cell = assertCell("fake-ubuntu-success", "deadsnakes-empty-ppa", "INSTALL_FAILED", "not-found");
        assertThat(detail(cell)).isEqualTo(
                "apt-get install python3.13-nogil python3.13-venv: Unable to locate package python3.13-nogil");
    }
}
