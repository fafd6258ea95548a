package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

/**
 * The pyenv recipe against the real pyenv: Debian's package (sid's 2.7.1, installed into a trixie image), whose
 * python-build builds 3.13.5t from a loopback mirror with python.org's layout holding trixie's python3.13 orig
 * tarball, which is python.org's Python-3.13.5.tar.xz. python-build still checks the tarball against the sha256 in
 * its own 3.13.5 definition (the mirror setting only changes the URL), so the install succeeding is that check
 * passing. Beside it, pyenv's own failure modes, which fail before any build: the mirror down (network) and a
 * release newer than this pyenv's definitions, 3.13.14t (not-found; pyenv/pyenv#3119's failure; pyenv 2.7.1's
 * prefix resolution drops the t before python-build looks, as checked by hand, hence "3.13.14"). One run, four
 * cells; about 6 minutes on 2 idle cores, the source build of the passing cell being most of it (40 minutes were
 * measured with the machine's load average at 21, hence the cell timeout).
 */
class RealPyenvIT {
    private static final String REPOSITORY = "ftmatrix-test-real-pyenv";
    private static final String IMAGE = REPOSITORY + ":sid";

    @TempDir
    static Path tmp;

    private static Path runDir;
    private static String mirrorUrl;
    private static String deadMirrorUrl;
    private static long tarballSize;
    private static final StringWriter OUTPUT = new StringWriter();

    @BeforeAll
    static void runThePyenvRecipeWithDebiansPyenv() throws Exception {
        try (GenericContainer<?> prep = RealToolImages.container("debian:trixie")) {
            prep.start();
            RealToolImages.exec(prep, 10, "bash", "/fixtures/real-tools/install-debian-pyenv.sh");
            RealToolImages.commit(prep, REPOSITORY, "sid");
        }
        Path fetched = Files.createDirectories(tmp.resolve("fetched"));
        String name = RealToolImages.fetchDebiansOrigTarball(fetched);
        assertThat(name).isEqualTo("python3.13_3.13.5.orig.tar.xz");
        Path mirror = tmp.resolve("mirror");
        Path tarball = Files.createDirectories(mirror.resolve("3.13.5")).resolve("Python-3.13.5.tar.xz");
        Files.move(fetched.resolve(name), tarball);
        tarballSize = Files.size(tarball);

        try (StaticFileServer dead = StaticFileServer.serve(tmp)) {
            deadMirrorUrl = dead.url();
        }
        runDir = tmp.resolve("run");
        try (StaticFileServer server = StaticFileServer.serve(mirror)) {
            mirrorUrl = server.url();
            Path matrix = tmp.resolve("real-pyenv.yaml");
            Files.writeString(matrix, """
                    name: real-pyenv
                    python: ["3.13.5t", "3.13.14t"]
                    network: host
                    timeout: 90m
                    parallel: 2
                    os: [{ id: debian-pyenv, image: "%s" }]
                    methods:
                      - { id: pyenv, recipe: pyenv, tier: 4, with: { mirror_url: "%s" } }
                      - { id: pyenv-mirror-down, recipe: pyenv, tier: 4, with: { mirror_url: "%s" } }
                    smoke: { venv: true, threads: 2 }
                    """.formatted(IMAGE, mirrorUrl, deadMirrorUrl));
            int code = Main.run(new PrintWriter(OUTPUT, true), new PrintWriter(OUTPUT, true), "run", matrix.toString(),
                    "--out", runDir.toString(), "--progress", "plain", "--pull", "never");
            assertThat(code).as(OUTPUT.toString()).isZero();
            assertThat(server.requests()).as("what pyenv fetched from the mirror").contains(
                    new StaticFileServer.Request("GET", "/3.13.5/Python-3.13.5.tar.xz", 200, tarballSize));
        }
    }

    @AfterAll
    static void removeTheImage() {
        RealToolImages.remove(IMAGE);
    }

    private static JsonNode cell(String method, String python) {
        return RealToolImages.realCell(runDir, "debian-pyenv/" + method + "/" + python + "#1");
    }

    @Test
    void debiansPyenvBuilds3135tFromTheMirrorIntoAFreeThreadedInterpreter() throws Exception {
        assertThat(RealToolImages.freeThreadedPass(runDir, cell("pyenv", "3.13.5t"),
                "/root/.pyenv/versions/3.13.5t/bin/python3.13t")).contains(
                "using the pyenv already on PATH: /usr/bin/pyenv (pyenv 2.7.1)",
                "-> " + mirrorUrl + "/3.13.5/Python-3.13.5.tar.xz",
                "Installed Python-3.13.5 to /root/.pyenv/versions/3.13.5t");
    }

    @Test
    void theGilTwinIsTheSameReleasesDefinitionWithoutTheTBuiltAndTimedNextToIt() {
        JsonNode bench = cell("pyenv", "3.13.5t").get("probe").get("benchmarks");
        assertThat(bench.get("twin").asText()).as(bench.toString()).isEqualTo("/root/.pyenv/versions/3.13.5/bin/python3.13");
        assertThat(bench.get("workloads")).isNotEmpty().allSatisfy(w -> assertThat(w.get("twin_s")).isNotEmpty());
    }

    @Test
    void aMirrorThatIsDownIsANetworkFailure() {
        assertThat(RealToolImages.installFailure(cell("pyenv-mirror-down", "3.13.5t"), "network"))
                .isEqualTo("pyenv install 3.13.5t failed (exit 1): error: failed to download Python-3.13.5.tar.xz");
    }

    @Test
    void aVersionThisPyenvHasNoDefinitionForIsNotFound() {
        for (String method : new String[] {"pyenv", "pyenv-mirror-down"}) {
            assertThat(RealToolImages.installFailure(cell(method, "3.13.14t"), "not-found"))
                    .isEqualTo("pyenv install 3.13.14t failed (exit 2): python-build: definition not found: 3.13.14");
        }
    }
}
