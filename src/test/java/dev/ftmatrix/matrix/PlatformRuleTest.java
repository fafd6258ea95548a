package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** validate's rule that a method never runs on an os its recipe does not support, and the os families it needs. */
class PlatformRuleTest {
    private static final Map<String, Set<String>> PLATFORMS = Map.of(
            "python-org", Set.of("debian", "ubuntu"),
            "fedora-dnf", Set.of("fedora", "almalinux"),
            "macos-homebrew", Set.of("host:macos"),
            "uv", Set.of("debian", "fedora", "host:linux", "host:macos"));

    private static final String TIERS = """
            name: t
            python: ["3.13t", "3.14t"]
            os:
              - { id: debian-trixie, image: "debian:trixie" }
              - { id: fedora-43, image: "fedora:43" }
              - { id: macos-15, executor: host }
            methods:
              - { id: python-org, recipe: python-org, tier: 2, os: ["debian-*", "fedora-*"] }
              - { id: dnf, recipe: fedora-dnf, tier: 1, os: ["fedora-*"] }
              - { id: uv, recipe: uv, tier: 1 }
            """;

    private static Matrix parse(String yaml) {
        return Matrices.parse(Path.of("m.yaml"), yaml, PLATFORMS);
    }

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(MatrixInvalidException.class, () -> parse(yaml)).problems().stream()
                .map(Problem::toString).toList();
    }

    @Test
    void rejectsPythonOrgOnFedoraAtTheGlobThatBroughtItIn() {
        assertThat(problems(TIERS)).containsExactly("m.yaml:8:69: methods[0].os[1]: method 'python-org' runs recipe"
                + " python-org on os 'fedora-43' (image fedora:43, family fedora), which the recipe does not support"
                + " (its platforms: debian ubuntu); leave the os out of the method's 'os' globs, add an exclude"
                + " { os: fedora-43, method: python-org }, or give the os entry its right 'family'");
    }

    @Test
    void anExcludeThatRemovesEveryVersionOfTheCombinationMakesItValid() {
        Matrix m = parse(TIERS + """
                exclude:
                  - { os: fedora-43, method: python-org }
                """);
        assertThat(Matrices.expand(m)).extracting(Cell::id).noneMatch(id -> id.startsWith("fedora-43/python-org"));
    }

    @Test
    void anExcludeOfOnlyOneVersionLeavesTheOtherAnError() {
        assertThat(problems(TIERS + """
                exclude:
                  - { os: fedora-43, method: python-org, python: "3.13t" }
                """)).hasSize(1).first().asString().contains("method 'python-org' runs recipe python-org on os 'fedora-43'");
    }

    @Test
    void aHostRowsFamilyComesFromItsIdAndIsChecked() {
        assertThat(problems(TIERS.replace("{ id: uv, recipe: uv, tier: 1 }",
                "{ id: brew, recipe: macos-homebrew, tier: 1 }").replace("os: [\"debian-*\", \"fedora-*\"]", "os: [\"debian-*\"]")))
                .containsExactly("m.yaml:10:17: methods[2].recipe: method 'brew' runs recipe macos-homebrew on os"
                        + " 'debian-trixie' (image debian:trixie, family debian), which the recipe does not support (its"
                        + " platforms: host:macos); leave the os out of the method's 'os' globs, add an exclude"
                        + " { os: debian-trixie, method: brew }, or give the os entry its right 'family'",
                        "m.yaml:10:17: methods[2].recipe: method 'brew' runs recipe macos-homebrew on os 'fedora-43'"
                        + " (image fedora:43, family fedora), which the recipe does not support (its platforms:"
                        + " host:macos); leave the os out of the method's 'os' globs, add an exclude"
                        + " { os: fedora-43, method: brew }, or give the os entry its right 'family'");
    }

    @Test
    void derivesTheFamilyFromImageNamesWhereTheyAreUnambiguous() {
        assertThat(OsFamily.ofImage("fedora:43")).contains("fedora");
        assertThat(OsFamily.ofImage("ubuntu:26.04")).contains("ubuntu");
        assertThat(OsFamily.ofImage("docker.io/library/debian:trixie")).contains("debian");
        assertThat(OsFamily.ofImage("almalinux:10")).contains("almalinux");
        assertThat(OsFamily.ofImage("quay.io/pypa/manylinux_2_28_x86_64")).contains("manylinux");
        assertThat(OsFamily.ofImage("quay.io/pypa/manylinux_2_34_aarch64:2026.11.30-1")).contains("manylinux");
        assertThat(OsFamily.ofImage("quay.io/pypa/musllinux_1_2_x86_64:latest")).contains("musllinux");
        assertThat(OsFamily.ofImage("debian@sha256:" + "0".repeat(64))).contains("debian");
        assertThat(OsFamily.ofImage("localhost:5000/fedora:43")).contains("fedora");
        assertThat(OsFamily.ofImage("python:3.13")).isEmpty();
        assertThat(OsFamily.ofImage("ftmatrix-bench:trixie")).isEmpty();
        assertThat(OsFamily.ofHostId("macos-15")).contains("host:macos");
        assertThat(OsFamily.ofHostId("windows-2025")).contains("host:windows");
        assertThat(OsFamily.ofHostId("this-machine")).isEmpty();
    }

    @Test
    void anExplicitFamilyWinsAndAnUnknownOneIsNotChecked() {
        Matrix m = parse("""
                name: t
                python: ["3.13t"]
                os:
                  - { id: python-official, image: "python:3.13", family: debian }
                  - { id: custom, image: "ftmatrix-test:1" }
                  - { id: this-machine, executor: host }
                  - { id: agent, executor: host, family: "host:macos" }
                methods:
                  - { id: uv, recipe: uv, tier: 1 }
                """);
        assertThat(m.os()).extracting(OsSpec::family).containsExactly("debian", null, null, "host:macos");
    }

    @Test
    void rejectsAFamilyOfTheWrongKind() {
        assertThat(problems("""
                name: t
                python: ["3.13t"]
                os:
                  - { id: a, image: "debian:trixie", family: "host:linux" }
                  - { id: b, executor: host, family: linux }
                  - { id: c, image: "debian:trixie", family: "Debian 13" }
                methods:
                  - { id: uv, recipe: uv, tier: 1 }
                """)).containsExactly(
                "m.yaml:4:38: os[0].family: 'host:linux' is not an image family; write the image's os-release ID, e.g."
                        + " 'debian', 'fedora' or 'almalinux' (host families go with 'executor: host')",
                "m.yaml:5:30: os[1].family: 'linux' is not a host family; write host:linux, host:macos or host:windows",
                "m.yaml:6:38: os[2].family: 'Debian 13' is not an image family; write the image's os-release ID, e.g."
                        + " 'debian', 'fedora' or 'almalinux' (host families go with 'executor: host')");
    }

    @Test
    void recipesKnownOnlyByNameAreNotChecked() {
        Matrix m = Matrices.parse(Path.of("m.yaml"), TIERS, Set.of("python-org", "fedora-dnf", "uv"));
        assertThat(Matrices.expand(m)).extracting(Cell::id).contains("fedora-43/python-org/3.13t#1");
    }
}
