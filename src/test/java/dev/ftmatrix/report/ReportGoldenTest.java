package dev.ftmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reports of the fixture results against checked-in golden files. After a deliberate change, regenerate them
 * with {@code mvn test -Dtest=ReportGoldenTest -Dftmatrix.updateGolden=true} and review the diff.
 */
class ReportGoldenTest {
    static final Path FIXTURE = Path.of("src/test/resources/report/fixture");
    static final Path GOLDEN = Path.of("src/test/resources/report/golden");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {Reports.JSON, Reports.JUNIT, Reports.MARKDOWN})
    void reportMatchesItsGoldenFile(String name) throws Exception {
        Reports.write(List.of(FIXTURE), tmp, "fixture report");
        if (Boolean.getBoolean("ftmatrix.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.copy(tmp.resolve(name), GOLDEN.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(tmp.resolve(name)).hasSameTextualContentAs(GOLDEN.resolve(name));
    }

    @Test
    void twoReportsOfTheSameInputAreByteIdentical() throws Exception {
        Reports.write(List.of(FIXTURE), tmp.resolve("a"), null);
        Reports.write(List.of(FIXTURE), tmp.resolve("b"), null);
        for (String name : List.of(Reports.JSON, Reports.JUNIT, Reports.MARKDOWN, Reports.HTML)) {
            assertThat(Files.readAllBytes(tmp.resolve("a").resolve(name)))
                    .as(name).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(name)));
        }
    }
}
