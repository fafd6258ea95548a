package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DoctorTest {
    @Test
    void podmansSocketIsDockerHostsWhenThatNamesOneElseTheRootfulDefault() {
        assertThat(Doctor.podmanSocket("unix:///tmp/p.sock")).isEqualTo("/tmp/p.sock");
        assertThat(Doctor.podmanSocket(null)).isEqualTo("/run/podman/podman.sock");
        assertThat(Doctor.podmanSocket("tcp://127.0.0.1:2375")).isEqualTo("/run/podman/podman.sock");
    }
}
