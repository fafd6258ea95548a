package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImagesTest {
    @Test
    void aPodmanLocalhostDigestIsNoRegistryPinSoTheImageIdPinsIt() {
        assertThat(Images.pin(List.of("localhost/debian@sha256:8a4e"), "sha256:199b")).isEqualTo("sha256:199b");
        assertThat(Images.pin(List.of("localhost/debian@sha256:8a4e", "quay.io/pypa/manylinux_2_28@sha256:77aa"),
                "sha256:199b")).isEqualTo("quay.io/pypa/manylinux_2_28@sha256:77aa");
        assertThat(Images.pin(List.of("debian@sha256:5c1f"), "sha256:199b")).isEqualTo("debian@sha256:5c1f");
        assertThat(Images.pin(null, "sha256:199b")).isEqualTo("sha256:199b");
    }
}
