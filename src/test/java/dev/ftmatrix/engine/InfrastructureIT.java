package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI as a user runs it, in its own process, when the machine lacks what a run needs:
 * exit code 3 and a message that says what to do, and no result directory half-written.
 */
class InfrastructureIT {
    @TempDir
    Path tmp;

    private record Proc(int code, String out, String err) {
    }

    private Proc ftmatrix(String dockerHost, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/ftmatrix.jar"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        if (dockerHost != null) {
            pb.environment().put("DOCKER_HOST", dockerHost);
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Proc(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void anUnreachableDaemonIsExitThreeWithWhatToDo() throws Exception {
        Path out = tmp.resolve("never-written");
        Proc p = ftmatrix("tcp://127.0.0.1:1", "run", "matrices/quickstart.yaml", "--out", out.toString());
        assertThat(p.code()).isEqualTo(3);
        assertThat(p.err()).startsWith("ftmatrix: Docker daemon unreachable at tcp://127.0.0.1:1 (")
                .contains("Start it, e.g. as root on Debian: ftmatrix doctor --fix; or point DOCKER_HOST at a running daemon")
                .doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void doctorNamesTheFixForAnUnreachableDaemon() throws Exception {
        Proc p = ftmatrix("tcp://127.0.0.1:1", "doctor", "matrices/quickstart.yaml");
        assertThat(p.code()).isEqualTo(3);
        assertThat(p.out()).contains("MISSING docker", "fix: ftmatrix doctor --fix", "MISSING image debian:trixie");
    }

    @Test
    void anAbsentImageIsExitThreeAndNamesTheBootstrapCommand() throws Exception {
        Proc p = ftmatrix(null, "run", "src/test/resources/it/absent-image.yaml", "--pull", "never",
                "--out", tmp.resolve("r").toString());
        assertThat(p.code()).isEqualTo(3);
        assertThat(p.err()).isEqualTo("ftmatrix: image debian:ftmatrix-absent-tag is not present and --pull never forbids"
                + " pulling it. Pull it on a machine that reaches its registry, or load it with docker load\n");
    }

    @Test
    void doctorOnAReadyMachineSaysReady() throws Exception {
        Proc p = ftmatrix(null, "doctor", "matrices/quickstart.yaml");
        assertThat(p.code()).as(p.out()).isZero();
        assertThat(p.out()).contains("ok      docker", "ok      image debian:trixie", "ready");
    }

    @Test
    void doctorOnAMatrixWithHostRowsChecksTheContainerImagesOnly() throws Exception {
        Path matrix = tmp.resolve("mixed.yaml");
        Files.writeString(matrix, """
                name: mixed
                python: ["3.13t"]
                os:
                  - { id: debian-trixie, image: "debian:trixie" }
                  - { id: this-machine, executor: host }
                methods:
                  - { id: control, recipe: distro-apt, tier: control }
                """);
        Proc p = ftmatrix(null, "doctor", matrix.toString());
        assertThat(p.code()).as(p.out() + p.err()).isZero();
        assertThat(p.out()).contains("ok      docker", "ok      image debian:trixie", "ready")
                .doesNotContain("image null");
        assertThat(p.err()).isEmpty();
    }

    @Test
    void doctorOnAnAllHostMatrixNeedsNoDocker() throws Exception {
        Path matrix = tmp.resolve("host.yaml");
        Files.writeString(matrix, """
                name: host-only
                python: ["3.13t"]
                os: [{ id: this-machine, executor: host }]
                methods:
                  - { id: uv, recipe: uv, tier: 1 }
                """);
        Proc p = ftmatrix("tcp://127.0.0.1:1", "doctor", matrix.toString());
        assertThat(p.code()).as(p.out() + p.err()).isZero();
        assertThat(p.out()).contains(
                "ok      docker                 not needed: every os of the matrix runs on the host executor\n", "ready")
                .doesNotContain("image");
    }

    @Test
    void aFailingPullIsRetriedWithBackoffThenExitThreeWithNothingWritten() throws Exception {
        Path matrix = tmp.resolve("unpullable.yaml");
        // Nothing listens on 127.0.0.1:9, so the daemon's pull fails on every attempt, as with a registry that is down.
        Files.writeString(matrix, """
                name: unpullable
                python: ["3.13t"]
                os:
                  - id: nowhere
                    image: 127.0.0.1:9/ftmatrix-none:1
                methods:
                  - id: control
                    recipe: distro-apt
                    tier: control
                """);
        Path out = tmp.resolve("never-written");
        Proc p = ftmatrix(null, "run", matrix.toString(), "--out", out.toString(), "--pull", "always", "--retries", "1",
                "--progress", "plain");
        assertThat(p.code()).isEqualTo(3);
        assertThat(p.out()).contains("pulling 127.0.0.1:9/ftmatrix-none:1 failed (",
                "), attempt 1; retrying in 2 s, 1 retry left");
        assertThat(p.err()).startsWith("ftmatrix: image 127.0.0.1:9/ftmatrix-none:1 is not present and could not be"
                + " pulled in 2 attempts (").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }
}
