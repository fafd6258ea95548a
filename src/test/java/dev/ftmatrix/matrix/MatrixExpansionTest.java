package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixExpansionTest {

    private static List<String> ids(String yaml) {
        return Matrices.expand(parse(yaml)).stream().map(Cell::id).toList();
    }

    @Test
    void expandsOsThenMethodThenPythonThenRepeatInFileOrder() {
        assertThat(ids("""
                name: order
                python: ["3.14t", "3.13t"]
                repeats: 2
                os:
                  - { id: sid, image: "debian:sid" }
                  - { id: trixie, image: "debian:trixie" }
                methods:
                  - { id: uv, recipe: uv-python, tier: 2 }
                  - { id: src, recipe: source-build, tier: 4 }
                """)).containsExactly(
                "sid/uv/3.14t#1", "sid/uv/3.14t#2", "sid/uv/3.13t#1", "sid/uv/3.13t#2",
                "sid/src/3.14t#1", "sid/src/3.14t#2", "sid/src/3.13t#1", "sid/src/3.13t#2",
                "trixie/uv/3.14t#1", "trixie/uv/3.14t#2", "trixie/uv/3.13t#1", "trixie/uv/3.13t#2",
                "trixie/src/3.14t#1", "trixie/src/3.14t#2", "trixie/src/3.13t#1", "trixie/src/3.13t#2");
    }

    @Test
    void runsMethodsOnlyOnOsIdsTheirGlobsMatch() {
        assertThat(ids("""
                name: globs
                python: ["3.13t"]
                os:
                  - { id: debian-trixie, image: "debian:trixie" }
                  - { id: debian-sid, image: "debian:sid" }
                  - { id: ubuntu-noble, image: "ubuntu:noble" }
                methods:
                  - { id: src, recipe: source-build, tier: 4, os: ["debian-*"] }
                  - { id: apt, recipe: distro-apt, tier: control, os: ["debian-s?d", "ubuntu-noble"] }
                  - { id: uv, recipe: uv-python, tier: 2 }
                """)).containsExactly(
                "debian-trixie/src/3.13t#1", "debian-trixie/uv/3.13t#1",
                "debian-sid/src/3.13t#1", "debian-sid/apt/3.13t#1", "debian-sid/uv/3.13t#1",
                "ubuntu-noble/apt/3.13t#1", "ubuntu-noble/uv/3.13t#1");
    }

    @Test
    void leavesOutEveryCellAnExcludeMatches() {
        assertThat(ids("""
                name: excludes
                python: ["3.13t", "3.14t"]
                repeats: 2
                os:
                  - { id: trixie, image: "debian:trixie" }
                  - { id: sid, image: "debian:sid" }
                methods:
                  - { id: src, recipe: source-build, tier: 4 }
                  - { id: uv, recipe: uv-python, tier: 2 }
                exclude:
                  - { python: "3.14t", os: sid }
                  - { method: uv, os: trixie }
                  - { os: trixie, method: src, python: "3.13t" }
                """)).containsExactly(
                "trixie/src/3.14t#1", "trixie/src/3.14t#2",
                "sid/src/3.13t#1", "sid/src/3.13t#2",
                "sid/uv/3.13t#1", "sid/uv/3.13t#2");
    }

    @Test
    void sizeCountsTheCellsExpandBuildsWithGlobsExcludesAndRepeats() {
        Matrix m = parse("""
                name: size
                python: ["3.13t", "3.14t"]
                repeats: 3
                os:
                  - { id: debian-trixie, image: "debian:trixie" }
                  - { id: ubuntu-noble, image: "ubuntu:noble" }
                methods:
                  - { id: src, recipe: source-build, tier: 4, os: ["debian-*"] }
                  - { id: uv, recipe: uv-python, tier: 2 }
                exclude:
                  - { method: uv, os: ubuntu-noble, python: "3.14t" }
                """);
        assertThat(Matrices.size(m)).isEqualTo(15).isEqualTo(Matrices.expand(m).size());
    }

    @Test
    void matchesExcludedVersionsHoweverTheyAreWritten() {
        assertThat(ids("""
                name: versions
                python: ["3.13.5t", "3.14t"]
                os: [{ id: sid, image: "debian:sid" }]
                methods: [{ id: src, recipe: source-build, tier: 4 }]
                exclude: [{ python: 3.13.05t }]
                """)).containsExactly("sid/src/3.14t#1");
    }

    @Test
    void givesEveryCellTheMatrixSettings() {
        Matrix m = parse("""
                name: settings
                python: ["3.13t"]
                timeout: 2h
                network: host
                smoke: { venv: false, threads: 16 }
                os: [{ id: sid, image: "debian:sid" }]
                methods: [{ id: src, recipe: source-build, tier: 4, with: { source: debian } }]
                """);

        assertThat(Matrices.expand(m)).containsExactly(new Cell("settings", m.os().get(0), m.methods().get(0),
                m.python().get(0), 1, Duration.ofHours(2), NetworkMode.HOST, Smoke.of(false, 16)));
    }

    @Test
    void repeatsFromTheCommandLineReplaceTheFilesAndKeepEverythingElse() {
        Matrix m = parse("""
                name: r
                python: ["3.13t"]
                repeats: 2
                os: [{ id: sid, image: "debian:sid" }]
                methods: [{ id: src, recipe: source-build, tier: 4 }]
                """);
        Matrix three = Matrices.withRepeats(m, 3);
        assertThat(Matrices.expand(three).stream().map(Cell::id))
                .containsExactly("sid/src/3.13t#1", "sid/src/3.13t#2", "sid/src/3.13t#3");
        assertThat(three).usingRecursiveComparison().ignoringFields("repeats").isEqualTo(m);
    }

    @Test
    void repeatsFromTheCommandLineMustBePositiveAndStayWithinTheCellLimit() {
        Matrix m = parse("""
                name: r
                python: ["3.13t", "3.14t"]
                os: [{ id: sid, image: "debian:sid" }]
                methods: [{ id: src, recipe: source-build, tier: 4 }]
                """);
        assertThatThrownBy(() -> Matrices.withRepeats(m, 0)).hasMessage("must be at least 1");
        assertThat(Matrices.expand(Matrices.withRepeats(m, 50_000))).hasSize(100_000);
        assertThatThrownBy(() -> Matrices.withRepeats(m, 50_001))
                .hasMessage("m.yaml would expand to 100002 cells; at most 100000 can run");
    }
}
