package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

/**
 * The fedora-dnf recipe against the real dnf: Debian's dnf 4 in a trixie image, installing from a real RPM
 * repository on 127.0.0.1 that Debian's createrepo_c indexed. The repository holds a python3.13-freethreading RPM
 * that Debian's rpmbuild made from the install cache's source-built interpreter (FreeThreadedInterpreter), with
 * Fedora's package name and interpreter path. The recipe takes the repository through its repo_file_url parameter,
 * as on an air-gapped machine. Beside the install, dnf's own failure modes: the repository down (network) and a
 * package it does not hold, python3.14-freethreading (not-found). About 3 minutes once the interpreter is cached.
 */
class RealDnfIT {
    private static final String REPOSITORY = "ftmatrix-test-real-dnf";
    private static final String IMAGE = REPOSITORY + ":trixie";
    /** Fedora's own .repo files set skip_if_unavailable=False; dnf.conf (Debian's and Fedora's) says True. */
    private static final String REPO_FILE = """
            [ftmatrix]
            name=ftmatrix loopback repository
            baseurl=%s/repo
            enabled=1
            gpgcheck=0
            skip_if_unavailable=False
            """;

    @TempDir
    static Path tmp;

    private static Path runDir;
    private static String deadRepoUrl;
    private static final StringWriter OUTPUT = new StringWriter();
    private static boolean rpmFetched;

    @BeforeAll
    static void runTheFedoraDnfRecipeWithDebiansDnf() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        try (GenericContainer<?> rpm = RealToolImages.container(FreeThreadedInterpreter.image(tmp))) {
            rpm.start();
            RealToolImages.exec(rpm, 15, "bash", "/fixtures/real-tools/build-freethreading-rpm.sh", "/out");
            rpm.copyFileFromContainer("/out/repo.tar", tmp.resolve("repo.tar").toString());
        }
        Process untar = new ProcessBuilder("tar", "-C", served.toString(), "-xf", tmp.resolve("repo.tar").toString())
                .inheritIO().start();
        assertThat(untar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(untar.exitValue()).isZero();
        try (GenericContainer<?> prep = RealToolImages.container("debian:trixie")) {
            prep.start();
            RealToolImages.exec(prep, 10, "bash", "/fixtures/real-tools/install-debian-dnf.sh");
            RealToolImages.commit(prep, REPOSITORY, "trixie");
        }

        try (StaticFileServer dead = StaticFileServer.serve(tmp)) {
            deadRepoUrl = dead.url();
        }
        runDir = tmp.resolve("run");
        try (StaticFileServer server = StaticFileServer.serve(served)) {
            Files.writeString(served.resolve("ftmatrix.repo"), REPO_FILE.formatted(server.url()));
            Files.writeString(served.resolve("down.repo"), REPO_FILE.formatted(deadRepoUrl));
            Path matrix = tmp.resolve("real-dnf.yaml");
            Files.writeString(matrix, """
                    name: real-dnf
                    python: ["3.13t", "3.14t"]
                    network: host
                    timeout: 20m
                    parallel: 2
                    os: [{ id: debian-dnf, image: "%s" }]
                    methods:
                      - { id: fedora-dnf, recipe: fedora-dnf, tier: 1, with: { repo_file_url: "%s/ftmatrix.repo" } }
                      - { id: fedora-dnf-repo-down, recipe: fedora-dnf, tier: 1, with: { repo_file_url: "%s/down.repo" } }
                    smoke: { venv: true, threads: 2 }
                    """.formatted(IMAGE, server.url(), server.url()));
            int code = Main.run(new PrintWriter(OUTPUT, true), new PrintWriter(OUTPUT, true), "run", matrix.toString(),
                    "--out", runDir.toString(), "--progress", "plain", "--pull", "never");
            assertThat(code).as(OUTPUT.toString()).isZero();
            rpmFetched = server.requests().stream().anyMatch(r -> r.status() == 200
                    && r.path().matches("/repo/python3\\.13-freethreading-3\\.13\\.5-1\\.ftmatrix\\.[a-z0-9_]+\\.rpm"));
        }
    }

    @AfterAll
    static void removeTheImage() {
        RealToolImages.remove(IMAGE);
    }

    private static JsonNode cell(String method, String python) {
        return RealToolImages.realCell(runDir, "debian-dnf/" + method + "/" + python + "#1");
    }

    @Test
    void debiansDnfInstallsTheFreeThreadedRpmFromTheLoopbackRepository() throws Exception {
        assertThat(RealToolImages.freeThreadedPass(runDir, cell("fedora-dnf", "3.13t"), "/usr/bin/python3.13t"))
                .contains("Installed:", "python3.13-freethreading-3.13.5-1.ftmatrix.", "Complete!");
        assertThat(rpmFetched).as("dnf downloaded the RPM from the repository").isTrue();
    }

    @Test
    void aRepositoryWithoutTheGilPackageLeavesNoTwinAndThePassStands() {
        JsonNode bench = cell("fedora-dnf", "3.13t").get("probe").get("benchmarks");
        assertThat(bench.get("twin").isNull()).as(bench.toString()).isTrue();
        assertThat(bench.get("twin_error").asText()).matches("dnf install python3\\.13 failed \\(exit 1\\):"
                + " (No match for argument|Error: Unable to find a match): python3\\.13");
    }

    @Test
    void aPackageTheRepositoryDoesNotHoldIsNotFound() {
        assertThat(RealToolImages.installFailure(cell("fedora-dnf", "3.14t"), "not-found")).isEqualTo("dnf install"
                + " --setopt=reposdir=/etc/ftmatrix/yum.repos.d python3.14-freethreading failed (exit 1):"
                + " No match for argument: python3.14-freethreading");
    }

    @Test
    void aRepositoryThatIsDownIsANetworkFailure() {
        for (String python : new String[] {"3.13t", "3.14t"}) {
            String detail = RealToolImages.installFailure(cell("fedora-dnf-repo-down", python), "network");
            String port = deadRepoUrl.substring(deadRepoUrl.lastIndexOf(':') + 1);
            assertThat(detail).matches(Pattern.quote("dnf install"
                    + " --setopt=reposdir=/etc/ftmatrix/yum.repos.d python" + python.replace("t", "")
                    + "-freethreading failed (exit 1): Errors during downloading metadata for repository 'ftmatrix':"
                    + " - Curl error (7): Could not connect to server for " + deadRepoUrl
                    + "/repo/repodata/repomd.xml [Failed to connect to 127.0.0.1 port " + port + " after ")
                    + "\\d+ ms: Could not connect to server\\]");
        }
    }
}
