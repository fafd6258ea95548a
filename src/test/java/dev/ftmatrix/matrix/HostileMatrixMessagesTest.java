package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile matrices of issue 15 (src/test/resources/hostile/35-*.yaml and on, and huge ones generated here): each
 * refused with the exact message, at the property's position. The timeouts guard against hangs; they are no speed
 * target.
 */
class HostileMatrixMessagesTest {
    private static final Path CORPUS = Path.of("src/test/resources/hostile");
    private static final Set<String> RECIPES = Set.of("source-build");
    private static final String IMAGE_RULE = " is not an image reference; write it like 'debian:trixie' (a lowercase"
            + " name, optionally a registry host before it, ':tag' or '@sha256:digest' after it)";

    @TempDir
    Path dir;

    private static List<String> problems(Path file) {
        MatrixInvalidException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> catchThrowableOfType(MatrixInvalidException.class, () -> Matrices.load(file, RECIPES)));
        assertThat(e).as("problems for %s", file).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static List<String> hostile(String name) {
        return problems(CORPUS.resolve(name));
    }

    @Test
    void aGlobOfManyStarsIsMatchedWithoutBacktracking() {
        assertThat(hostile("35-glob-backtracking.yaml")).containsExactly(CORPUS.resolve("35-glob-backtracking.yaml")
                + ":9:10: methods[0].os[0]: '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*ab' matches no os id;"
                + " os ids are '" + "a".repeat(50) + "'");
    }

    @Test
    void refusesANulInAParameterThatNoProcessCouldReceive() {
        assertThat(hostile("36-with-nul.yaml")).containsExactly(CORPUS.resolve("36-with-nul.yaml")
                + ":8:13: methods[0].with.version: contains a NUL character, which no process can receive in its"
                + " environment; remove it (a YAML \"\\0\" escape writes one)");
    }

    @Test
    void refusesImageNamesDockerWouldRefuse() {
        assertThat(hostile("37-image-uppercase.yaml")).containsExactly(CORPUS.resolve("37-image-uppercase.yaml")
                + ":3:15: os[0].image: 'Debian:trixie'" + IMAGE_RULE);
        assertThat(hostile("38-image-nul.yaml")).containsExactly(CORPUS.resolve("38-image-nul.yaml")
                + ":3:15: os[0].image: 'debian\\u0000:trixie'" + IMAGE_RULE);
        assertThat(hostile("25-image-with-shell.yaml")).containsExactly(CORPUS.resolve("25-image-with-shell.yaml")
                + ":3:15: os[0].image: 'debian:trixie; rm -rf /'" + IMAGE_RULE);
    }

    @Test
    void acceptsImageReferencesWithRegistryPortPathTagAndDigest() {
        for (String image : List.of("debian:trixie", "quay.io/pypa/manylinux_2_28_x86_64",
                "localhost:5000/team/python__ft:3.13-t", "ghcr.io/a/b@sha256:" + "0".repeat(64))) {
            Matrix m = Matrices.parse(Path.of("m.yaml"), "name: a\npython: [\"3.13t\"]\nos: [{ id: a, image: \""
                    + image + "\" }]\nmethods: [{ id: m, recipe: source-build, tier: 4 }]\n", RECIPES);
            assertThat(m.os().get(0).image()).isEqualTo(image);
        }
    }

    @Test
    void refusesASecretThatWouldReplaceAVariableTheRecipeReliesOn() {
        assertThat(hostile("39-secret-named-path.yaml")).containsExactly(CORPUS.resolve("39-secret-named-path.yaml")
                + ":8:16: methods[0].secrets: 'PATH' is a variable the recipe or its shell relies on, and a secret"
                + " of that name would replace it; give the secret the name the tool that reads it expects, such as"
                + " 'UV_INDEX_TOKEN'");
    }

    @Test
    void aMemoryLimitTooLargeForALongIsTooLargeNotTooSmall() {
        assertThat(hostile("40-memory-overflow.yaml")).containsExactly(CORPUS.resolve("40-memory-overflow.yaml")
                + ":3:11: limits.memory: '9999999TiB' is too large; use at most 1TiB");
    }

    @Test
    void boundsParametersThatAliasesExpand() {
        Path all = CORPUS.resolve("41-scalar-alias-parameters.yaml");
        assertThat(hostile("41-scalar-alias-parameters.yaml")).containsExactly(
                all + ":75:7: methods[8].with.p2: the matrix's parameters come to 1050000 bytes with this one, more"
                        + " than the 1048576 bytes a matrix file may hold; aliases repeat a value in every cell's"
                        + " record, so write each value once",
                all + ":76:7: methods[8].with.p3: the matrix's parameters come to 1080000 bytes with this one, more"
                        + " than the 1048576 bytes a matrix file may hold; aliases repeat a value in every cell's"
                        + " record, so write each value once");
        assertThat(hostile("42-parameters-too-long-together.yaml")).containsExactly(
                CORPUS.resolve("42-parameters-too-long-together.yaml") + ":13:7: methods[0].with.p4: the method's"
                        + " parameters come to 150000 bytes with this one; at most 131072 reach a recipe, so pass"
                        + " something shorter, such as a URL or a path");
    }

    @Test
    void aMatrixOfAMillionCombinationsIsToldSoWithoutCountingThemAll() throws IOException {
        StringBuilder yaml = new StringBuilder("name: big\npython: [\"3.13t\"]\nos:\n");
        for (int i = 0; i < 1000; i++) {
            yaml.append("  - { id: os").append(i).append(", image: \"debian:trixie\" }\n");
        }
        yaml.append("methods:\n");
        for (int i = 0; i < 1000; i++) {
            yaml.append("  - { id: m").append(i).append(", recipe: source-build, tier: 4, os: [\"os*\"] }\n");
        }
        Path file = Files.writeString(dir.resolve("big.yaml"), yaml);
        assertThat(problems(file)).containsExactly(file + ":1004:1: matrix expands to more than 100000 cells; at"
                + " most 100000 can run, so lower 'repeats' or split the matrix");
    }

    @Test
    void twelveThousandExcludesAreLookedUpNotScannedForEachCombination() throws IOException {
        StringBuilder yaml = new StringBuilder("name: big\npython: [\"3.13t\", \"3.14t\"]\nos:\n");
        for (int i = 0; i < 200; i++) {
            yaml.append("  - { id: os").append(i).append(", image: \"debian:trixie\" }\n");
        }
        yaml.append("methods:\n");
        for (int i = 0; i < 200; i++) {
            yaml.append("  - { id: m").append(i).append(", recipe: source-build, tier: 4 }\n");
        }
        yaml.append("exclude:\n");
        for (int i = 0; i < 12_000; i++) {
            yaml.append("  - { os: os").append(i % 200).append(", method: m").append(i / 200).append(" }\n");
        }
        Path file = Files.writeString(dir.resolve("excludes.yaml"), yaml);
        Matrix m = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Matrices.load(file, RECIPES));
        assertThat(Matrices.size(m)).isEqualTo(2L * (200 * 200 - 12_000));
    }

    @Test
    void refusesMoreOsEntriesThanAMatrixMayHave() throws IOException {
        StringBuilder yaml = new StringBuilder("name: big\npython: [\"3.13t\"]\nos:\n");
        for (int i = 0; i < 1001; i++) {
            yaml.append("  - { id: os").append(i).append(", image: \"debian:trixie\" }\n");
        }
        yaml.append("methods: [{ id: m, recipe: source-build, tier: 4 }]\n");
        Path file = Files.writeString(dir.resolve("os.yaml"), yaml);
        assertThat(problems(file)).containsExactly(file + ":3:1: os: lists 1001 os entries; a matrix has at most"
                + " 1000, so split it into several matrices");
    }
}
