package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftmatrix.BadInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerTest {
    @Test
    void labelsForPodmansCommitAreQuotedLabelLinesInTheChangesParameter() {
        assertThat(Docker.labelChanges(Map.of("dev.ftmatrix.interpreter", "/usr/bin/python3.13",
                "dev.ftmatrix.cache.cell", "debian-trixie/distro-apt/3.13t#1", "q", "a \"b\" \\c")))
                .isEqualTo("&changes=LABEL+dev.ftmatrix.cache.cell%3D%22debian-trixie%2Fdistro-apt%2F3.13t%231%22"
                        + "&changes=LABEL+dev.ftmatrix.interpreter%3D%22%2Fusr%2Fbin%2Fpython3.13%22"
                        + "&changes=LABEL+q%3D%22a+%5C%22b%5C%22+%5C%5Cc%22");
    }

    @Test
    void anEndpointWhoseSchemeNoTransportSpeaksIsBadInputNamingTheFix() {
        assertThatThrownBy(() -> Docker.connect("ftp://x"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("DOCKER_HOST ftp://x is not a Docker endpoint: use unix:///path/to/docker.sock,"
                        + " tcp://HOST:PORT or npipe:////./pipe/docker_engine, or unset it for the local daemon");
    }
}
