package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static dev.ftmatrix.matrix.MatrixTexts.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostExecutorTest {
    private static final String HOST_ROWS = """
            name: hosts
            python: ["3.13t"]
            os:
              - id: debian-trixie
                image: debian:trixie
              - id: macos-14
                executor: host
            methods:
              - id: source-debian
                recipe: source-build
                tier: 4
            """;

    @Test
    void aHostOsHasNoImageAndExpandsLikeAnyOther() {
        Matrix m = parse(HOST_ROWS);
        assertThat(m.os()).containsExactly(new OsSpec("debian-trixie", "debian:trixie"), OsSpec.host("macos-14"));
        assertThat(Matrices.expand(m)).extracting(Cell::id)
                .containsExactly("debian-trixie/source-debian/3.13t#1", "macos-14/source-debian/3.13t#1");
        assertThat(m.os().get(1).onHost()).isTrue();
    }

    @Test
    void explicitContainerExecutorStillNeedsAnImage() {
        assertThat(problems(HOST_ROWS.replace("    executor: host", "    executor: container")))
                .containsExactly("m.yaml:6:5: os[1]: missing required key 'image'");
    }

    @Test
    void rejectsAnImageOnAHostOs() {
        assertThat(problems(HOST_ROWS.replace("    executor: host", "    executor: host\n    image: macos:14")))
                .containsExactly("m.yaml:8:5: os[1]: an os with 'executor: host' runs on the machine ftmatrix runs on"
                        + " and takes no 'image'; remove 'image'");
    }

    @Test
    void rejectsAnUnknownExecutor() {
        assertThat(problems(HOST_ROWS.replace("executor: host", "executor: vm")))
                .containsExactly("m.yaml:6:5: os[1]: missing required key 'image'",
                        "m.yaml:7:5: os[1].executor: 'vm' is not an executor; write 'container' (the default) or 'host'");
    }
}
