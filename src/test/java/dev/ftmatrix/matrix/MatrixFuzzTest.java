package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Fuzz targets for what reads a user's YAML: a matrix, and a repro report. Contract: any bytes end in a valid model
 * or in problems, each with a line and a column; nothing else is thrown. Over the committed corpus in every build
 * (src/test/resources/dev/ftmatrix/matrix/MatrixFuzzTestInputs); for a set time with bench/fuzz.sh.
 */
class MatrixFuzzTest {
    private static final Set<String> RECIPES = Set.of("source-build", "uv", "distro-apt");
    private static final Set<String> OUTCOMES = Set.of("PASS", "INSTALL_FAILED", "CRASHED");
    private static final Path FILE = scratch();

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("ftmatrix-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("m.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void matrixLoaderAndValidator(byte[] data) throws IOException {
        Files.write(FILE, data);
        try {
            Matrix m = Matrices.load(FILE, RECIPES);
            assertThat(Matrices.size(m)).isBetween(1L, (long) SpecValidator.MAX_CELLS);
            assertThat(Matrices.expand(m)).hasSize((int) Matrices.size(m));
        } catch (MatrixInvalidException e) {
            assertPositioned(e);
        }
    }

    @FuzzTest
    void reproReport(byte[] data) throws IOException {
        Files.write(FILE, data);
        try {
            ReproReport r = ReproReports.load(FILE, RECIPES, OUTCOMES);
            assertThat(r.matrix()).isNotNull();
        } catch (MatrixInvalidException e) {
            assertPositioned(e);
        }
    }

    private static void assertPositioned(MatrixInvalidException e) {
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.line()).isPositive();
            assertThat(p.column()).isPositive();
            assertThat(p.toString()).startsWith(FILE + ":" + p.line() + ":" + p.column() + ": ");
        });
    }
}
