package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A FIFO used to block every command that reads a matrix for ever, and /dev/zero to end in an OutOfMemoryError: both
 * are refused before they are opened. The timeout guards against the hang; it is no speed target.
 */
class NonRegularInputTest {
    @TempDir
    static Path dir;
    static Path fifo;

    @BeforeAll
    static void makeFifo() throws IOException, InterruptedException {
        fifo = dir.resolve("matrix.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"validate,fifo", "validate,/dev/zero", "validate,/dev/urandom", "plan,fifo", "plan,/dev/zero",
            "repro,fifo", "repro,/dev/zero"})
    void refusesAFifoOrADeviceAsAMatrixAtOnce(String command, String path) {
        String file = path.equals("fifo") ? fifo.toString() : path;
        String[] args = command.equals("repro") ? new String[] {"repro", "--report", file}
                : new String[] {command, file};
        Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run(args));
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).startsWith(file + ":1:1: ").contains("is not a regular file (a FIFO or a device cannot"
                + " be read as a matrix); give the path of a matrix file").doesNotContain("Exception");
    }
}
