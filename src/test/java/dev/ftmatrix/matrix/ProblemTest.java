package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.FtmatrixException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
    private static final Path FILE = Path.of("matrices", "quickstart.yaml");

    @Test
    void printsFileAsGivenThenLineColumnAndMessage() {
        assertThat(new Problem(FILE, 3, 7, "repeats: expected a positive integer, got 'two'"))
                .hasToString("matrices/quickstart.yaml:3:7: repeats: expected a positive integer, got 'two'");
    }

    @Test
    void invalidMatrixListsItsProblemsByLineThenColumnOnePerLine() {
        MatrixInvalidException e = new MatrixInvalidException(List.of(
                new Problem(FILE, 9, 1, "c"),
                new Problem(FILE, 2, 5, "b"),
                new Problem(FILE, 2, 1, "a1"),
                new Problem(FILE, 2, 1, "a2")));

        assertThat(e).isInstanceOf(FtmatrixException.class);
        assertThat(e.problems()).extracting(Problem::message).containsExactly("a1", "a2", "b", "c");
        assertThat(e.getMessage()).isEqualTo("""
                matrices/quickstart.yaml:2:1: a1
                matrices/quickstart.yaml:2:1: a2
                matrices/quickstart.yaml:2:5: b
                matrices/quickstart.yaml:9:1: c""");
    }
}
