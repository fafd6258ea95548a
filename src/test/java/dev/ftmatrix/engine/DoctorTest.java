package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.OsSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {
    private static final OsSpec HOST = OsSpec.host("this-machine");

    @Test
    void aMatrixWithHostRowsNeedsDockerForItsContainerImagesOnly() {
        Doctor.Needs needs = Doctor.Needs.of(List.of(new OsSpec("trixie", "debian:trixie"), HOST,
                new OsSpec("fedora", "fedora:42"), new OsSpec("trixie-again", "debian:trixie")));
        assertThat(needs).isEqualTo(new Doctor.Needs(true, List.of("debian:trixie", "fedora:42")));
    }

    @Test
    void anAllHostMatrixNeedsNoDocker() {
        assertThat(Doctor.Needs.of(List.of(HOST))).isEqualTo(new Doctor.Needs(false, List.of()));
    }

    @Test
    void withoutDockerTheChecksNeverReachForADaemon() {
        List<Doctor.Check> checks = Doctor.check(new Doctor.Needs(false, List.of()));
        assertThat(checks).extracting(Doctor.Check::name).containsExactly("java", "timeout", "docker", "disk");
        assertThat(checks.get(2)).isEqualTo(new Doctor.Check("docker", true,
                "not needed: every os of the matrix runs on the host executor", Optional.empty()));
    }

    @Test
    void withoutContainersPodmanIsNotReachedForEither() {
        List<Doctor.Check> checks = Doctor.check(new Doctor.Needs(false, List.of()), ContainerEngine.PODMAN, null);
        assertThat(checks).extracting(Doctor.Check::name).containsExactly("java", "timeout", "podman", "disk");
    }

    @Test
    void podmansSocketIsDockerHostsWhenThatNamesOneElseTheRootfulDefault() {
        assertThat(Doctor.podmanSocket("unix:///tmp/p.sock")).isEqualTo("/tmp/p.sock");
        assertThat(Doctor.podmanSocket(null)).isEqualTo("/run/podman/podman.sock");
        assertThat(Doctor.podmanSocket("tcp://127.0.0.1:2375")).isEqualTo("/run/podman/podman.sock");
    }

    @Test
    void findsGnuTimeoutOnThePathAndSaysHowToGetIt(@TempDir Path tmp)
            throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        assertThat(Doctor.gnuTimeout(tmp + File.pathSeparator + bin)).isEqualTo(new Doctor.Check("timeout",
                false, "no timeout command on PATH; the Jenkinsfile bounds runs with GNU coreutils' timeout",
                Optional.of("apt-get install -y coreutils (macOS: brew install coreutils and put its gnubin directory"
                        + " on PATH)")));
        Path timeout = Files.writeString(bin.resolve("timeout"), "#!/bin/sh\n");
        timeout.toFile().setExecutable(true);
        assertThat(Doctor.gnuTimeout(tmp + File.pathSeparator + bin).ok()).isTrue();
        assertThat(Doctor.gnuTimeout(null).ok()).isFalse();
    }
}
