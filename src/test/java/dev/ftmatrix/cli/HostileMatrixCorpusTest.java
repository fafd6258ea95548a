package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile matrix files (src/test/resources/hostile, plus huge and binary ones generated here): each
 * must end in exit 2 with every message line in the form FILE:LINE:COLUMN: ..., and no stack trace, quickly.
 */
class HostileMatrixCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/hostile");

    @TempDir
    static Path generated;

    static Stream<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(CORPUS)) {
            s.sorted().forEach(files::add);
        }
        files.addAll(generatedFiles());
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(20)
    void everyHostileFileIsExitTwoWithPositionedMessagesAndNoStackTrace(Path file) {
        Cli cli = Cli.run("validate", file.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err().lines().toList()).isNotEmpty().allSatisfy(line ->
                assertThat(line).startsWith(file + ":").matches(".*?:\\d+:\\d+: \\S.*"));
        assertThat(cli.err()).doesNotContain("Exception", "\tat ", "internal error");
        assertThat(cli.out()).isEmpty();
    }

    private static List<Path> generatedFiles() {
        try {
            Files.createDirectories(generated);
            List<Path> files = new ArrayList<>();
            Path huge = generated.resolve("g1-huge.yaml");
            Files.writeString(huge, "name: huge\n" + "# padding\n".repeat(120_000));
            files.add(huge);
            byte[] garbage = new byte[64 * 1024];
            new Random(703).nextBytes(garbage);
            Path binary = generated.resolve("g2-binary-garbage.yaml");
            Files.write(binary, garbage);
            files.add(binary);
            Path nul = generated.resolve("g3-nul-bytes.yaml");
            Files.write(nul, "name: a\u0000b\npython: [\"3.13t\"]\n".getBytes(StandardCharsets.UTF_8));
            files.add(nul);
            Path latin1 = generated.resolve("g4-invalid-utf8.yaml");
            Files.write(latin1, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, (byte) 0xFF, '\n'});
            files.add(latin1);
            Path longKey = generated.resolve("g5-long-key.yaml");
            Files.writeString(longKey, "name: x\n" + "k".repeat(200_000) + ": 1\n");
            files.add(longKey);
            Path empty = generated.resolve("g6-empty.yaml");
            Files.writeString(empty, "");
            files.add(empty);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
