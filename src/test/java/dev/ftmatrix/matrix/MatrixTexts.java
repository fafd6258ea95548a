package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared test inputs: parse matrix text as {@code m.yaml} and look at what comes back. */
final class MatrixTexts {
    static final Path FILE = Path.of("m.yaml");
    static final Set<String> RECIPES = Set.of("source-build", "distro-apt", "uv-python", "conda-forge");

    /** Valid up to its last line, so that tests can append what they check. */
    static final String BASE = """
            name: quickstart
            python: ["3.13t"]
            os:
              - id: debian-trixie
                image: debian:trixie
            methods:
              - id: source-debian
                recipe: source-build
                tier: 4
            """;

    private MatrixTexts() {}

    static Matrix parse(String yaml) {
        return Matrices.parse(FILE, yaml, RECIPES);
    }

    /** Every problem reported for the text, as printed; fails if the text is accepted. */
    static List<String> problems(String yaml) {
        return problems(yaml, RECIPES);
    }

    static List<String> problems(String yaml, Set<String> knownRecipes) {
        MatrixInvalidException e = catchThrowableOfType(MatrixInvalidException.class,
                () -> Matrices.parse(FILE, yaml, knownRecipes));
        assertThat(e).as("problems for:%n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }
}
