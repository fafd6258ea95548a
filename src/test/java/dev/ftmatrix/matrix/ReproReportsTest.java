package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproReportsTest {
    private static final Set<String> OUTCOMES = Set.of("PASS", "INSTALL_FAILED", "NOT_FREE_THREADED");
    private static final Set<String> RECIPES = RecipeCatalog.scan(Path.of("containers")).names();

    @TempDir
    Path tmp;

    private ReproReport load(String yaml) throws IOException {
        Path file = tmp.resolve("r.yaml");
        Files.writeString(file, yaml);
        return ReproReports.load(file, RECIPES, OUTCOMES);
    }

    private List<String> problems(String yaml) throws IOException {
        MatrixInvalidException e = catchThrowableOfType(MatrixInvalidException.class, () -> load(yaml));
        assertThat(e).as("problems for:%n%s", yaml).isNotNull();
        return e.problems().stream().map(p -> p.toString().replace(tmp.resolve("r.yaml").toString(), "r.yaml"))
                .toList();
    }

    @Test
    void everyExampleUnderMatricesReproIsAValidReport() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("matrices/repro"))) {
            examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
        for (Path example : examples) {
            ReproReport report = ReproReports.load(example, RECIPES, OUTCOMES);
            assertThat(report.matrix().source()).isEqualTo(example);
            assertThat(Matrices.expand(report.matrix())).as(example.toString()).hasSize(1);
        }
    }

    @Test
    void aReportIsOneCellNamedAfterItsImageAndRecipe() throws IOException {
        ReproReport r = load("""
                image: debian:trixie
                method: { recipe: source-build, with: { source: debian } }
                python: 3.13t
                network: none
                timeout: 5m
                expected: { outcome: INSTALL_FAILED, category: network, text: "Could not resolve host" }
                """);
        Cell cell = r.cell();
        assertThat(cell.id()).isEqualTo("debian-trixie/source-build/3.13t#1");
        assertThat(cell.os().image()).isEqualTo("debian:trixie");
        assertThat(cell.method().with()).containsEntry("source", "debian");
        assertThat(cell.network()).isEqualTo(NetworkMode.NONE);
        assertThat(cell.timeout()).hasMinutes(5);
        assertThat(List.of(r.outcome(), r.category(), r.text()))
                .containsExactly("INSTALL_FAILED", "network", "Could not resolve host");
    }

    @Test
    void reportsEveryProblemAtItsLineInTheReportsOwnTerms() throws IOException {
        assertThat(problems("""
                image: debian:trixie
                method: { recipe: source-bild, tier: gold }
                python: "3.13"
                timout: 5m
                expected: { outcome: INSTAL_FAILED, txt: x }
                """)).containsExactly(
                "r.yaml:2:11: method.recipe: unknown recipe 'source-bild'; did you mean 'source-build'? Recipes are"
                        + " the scripts in containers/recipes/",
                "r.yaml:2:32: method.tier: expected a positive integer or 'control', got 'gold'",
                "r.yaml:3:9: python: '3.13' is not a free-threaded version; write it with a 't' suffix, e.g. '3.13t'",
                "r.yaml:4:1: unknown key 'timout'; did you mean 'timeout'?",
                "r.yaml:5:13: expected.outcome: unknown outcome 'INSTAL_FAILED'; did you mean 'INSTALL_FAILED'?",
                "r.yaml:5:37: expected: unknown key 'txt'; did you mean 'text'?");
    }

    @Test
    void namesTheRequiredKeysAReportLacks() throws IOException {
        assertThat(problems("""
                image: debian:trixie
                method: { with: { source: debian } }
                """)).containsExactly(
                "r.yaml:1:1: missing required key 'python'",
                "r.yaml:1:1: missing required key 'expected'",
                "r.yaml:2:9: method: missing required key 'recipe'");
    }
}
