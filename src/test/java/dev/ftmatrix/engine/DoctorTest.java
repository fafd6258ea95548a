package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.OsSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
        assertThat(checks).extracting(Doctor.Check::name).containsExactly("java", "docker", "disk");
        assertThat(checks.get(1)).isEqualTo(new Doctor.Check("docker", true,
                "not needed: every os of the matrix runs on the host executor", Optional.empty()));
    }
}
