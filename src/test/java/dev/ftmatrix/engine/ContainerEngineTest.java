package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Version;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which engine answers, told from the /version responses the real engines gave on this machine (saved verbatim). */
class ContainerEngineTest {
    private static Version version(String file) throws IOException {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(Path.of("src/test/resources/engine", file).toFile(), Version.class);
    }

    @Test
    void podmansServiceIsToldByItsPodmanEngineComponent() throws IOException {
        Version podman = version("version-podman-4.3.json");
        assertThat(ContainerEngine.of(podman)).isEqualTo(ContainerEngine.PODMAN);
        assertThat(podman.getVersion()).isEqualTo("4.3.1");
        assertThat(podman.getApiVersion()).isEqualTo("1.41");
    }

    @Test
    void dockersDaemonIsDocker() throws IOException {
        assertThat(ContainerEngine.of(version("version-docker-20.10.json"))).isEqualTo(ContainerEngine.DOCKER);
    }

    @Test
    void anEngineThatListsNoComponentsIsTakenForDocker() {
        assertThat(ContainerEngine.of(new Version())).isEqualTo(ContainerEngine.DOCKER);
    }
}
