package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.FILE;
import static dev.ftmatrix.matrix.MatrixTexts.RECIPES;
import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatricesLoadTest {
    private static final String QUICKSTART = """
            name: quickstart
            python: ["3.13t", "3.14t"]
            repeats: 1
            timeout: 30m
            parallel: 1
            network: host
            os:
              - id: debian-trixie
                image: debian:trixie
              - id: debian-sid
                image: debian:sid
            methods:
              - id: source-debian
                recipe: source-build
                tier: 4
                with: { source: debian }
                os: ["debian-*"]
              - id: distro-apt
                recipe: distro-apt
                tier: control
            exclude:
              - { os: debian-trixie, method: distro-apt, python: "3.14t" }
            smoke:
              venv: true
              threads: 4
            """;

    @TempDir
    Path dir;

    @Test
    void loadsQuickstartToTheExactModel() throws IOException {
        Path file = Files.writeString(dir.resolve("quickstart.yaml"), QUICKSTART);

        assertThat(Matrices.load(file, RECIPES)).isEqualTo(new Matrix(
                file,
                "quickstart",
                List.of(PythonVersion.parseOrNull("3.13t"), PythonVersion.parseOrNull("3.14t")),
                1,
                Duration.ofMinutes(30),
                1,
                NetworkMode.HOST,
                List.of(new OsSpec("debian-trixie", "debian:trixie"), new OsSpec("debian-sid", "debian:sid")),
                List.of(new MethodSpec("source-debian", "source-build", Tier.of(4), Map.of("source", "debian"),
                                List.of("debian-*")),
                        new MethodSpec("distro-apt", "distro-apt", Tier.CONTROL, Map.of(), List.of())),
                List.of(new Exclude("debian-trixie", "distro-apt", "3.14t")),
                Smoke.of(true, 4),
                2,
                ResourceLimits.DEFAULT));
    }

    @Test
    void appliesDefaultsForEveryOptionalKey() {
        assertThat(parse(BASE)).isEqualTo(new Matrix(
                FILE,
                "quickstart",
                List.of(PythonVersion.parseOrNull("3.13t")),
                1,
                Duration.ofMinutes(30),
                1,
                NetworkMode.NONE,
                List.of(new OsSpec("debian-trixie", "debian:trixie")),
                List.of(new MethodSpec("source-debian", "source-build", Tier.of(4), Map.of(), List.of())),
                List.of(),
                Smoke.DEFAULT,
                2,
                ResourceLimits.DEFAULT));
    }

    @Test
    void treatsEmptySmokeAndWithAsDefaults() {
        Matrix m = parse(BASE + "    with:\nsmoke:\n");

        assertThat(m.smoke()).isEqualTo(Smoke.DEFAULT);
        assertThat(m.methods().get(0).with()).isEmpty();
    }

    @Test
    void readsEveryOptionalSetting() {
        Matrix m = parse(BASE + """
                repeats: 3
                timeout: 1h30m
                parallel: 2
                network: bridge
                smoke: { venv: false, threads: 8 }
                """);

        assertThat(m.repeats()).isEqualTo(3);
        assertThat(m.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(m.parallel()).isEqualTo(2);
        assertThat(m.network()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(m.smoke()).isEqualTo(Smoke.of(false, 8));
    }

    @Test
    void keepsParameterValuesAsWritten() {
        Matrix m = parse(BASE + """
                    with:
                      version: 3.13.5
                      jobs: 2
                      ratio: 1.50
                      debug: false
                      flags: "--disable-gil --enable-optimizations"
                """);

        assertThat(m.methods().get(0).sortedWith()).containsExactly(
                Map.entry("debug", "false"),
                Map.entry("flags", "--disable-gil --enable-optimizations"),
                Map.entry("jobs", "2"),
                Map.entry("ratio", "1.50"),
                Map.entry("version", "3.13.5"));
    }

    @Test
    void keepsPatchLevelVersionsAndTheFileOrderOfEveryAxis() {
        Matrix m = parse(BASE.replace("[\"3.13t\"]", "[3.14t, 3.13.5t, 3.13t]"));

        assertThat(m.python()).extracting(PythonVersion::toString).containsExactly("3.14t", "3.13.5t", "3.13t");
    }

    @Test
    void reportsMissingFileAsTheUserNamedIt() {
        Path missing = Path.of("matrices", "no-such-matrix.yaml");

        assertThatThrownBy(() -> Matrices.load(missing, RECIPES))
                .isInstanceOf(MatrixInvalidException.class)
                .hasMessage("matrices/no-such-matrix.yaml:1:1: no such file");
    }

    @Test
    void rejectsADirectory() {
        assertThatThrownBy(() -> Matrices.load(dir, RECIPES))
                .hasMessage(dir + ":1:1: is a directory; give the path of a matrix file");
    }

    @Test
    void rejectsFileOverOneMebibyteBeforeReadingIt() throws IOException {
        Path file = Files.write(dir.resolve("big.yaml"), new byte[YamlSource.MAX_BYTES + 1]);

        assertThatThrownBy(() -> Matrices.load(file, RECIPES))
                .hasMessage(file + ":1:1: file is 1048577 bytes; a matrix may be at most 1 MiB");
    }

    @Test
    void rejectsInvalidUtf8AtItsPosition() throws IOException {
        byte[] head = "name: q\npython: [\"3.13t\"]\nos: ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = '(';
        Path file = Files.write(dir.resolve("latin1.yaml"), bytes);

        assertThatThrownBy(() -> Matrices.load(file, RECIPES)).hasMessage(file + ":3:5: not UTF-8 text (invalid"
                + " byte 0xC3 at offset 30); a matrix must be a UTF-8 text file");
    }

    @Test
    void rejectsBinaryFiles() throws IOException {
        Path png = Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a});
        Path elf = Files.write(dir.resolve("tool"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});

        assertThatThrownBy(() -> Matrices.load(png, RECIPES)).hasMessage(png + ":1:1: not UTF-8 text (invalid"
                + " byte 0x89 at offset 0); a matrix must be a UTF-8 text file");
        assertThatThrownBy(() -> Matrices.load(elf, RECIPES))
                .hasMessage(elf + ":1:1: character U+007F is not allowed in YAML; is this a binary file?");
    }

    @Test
    void loadsUtf8WithByteOrderMark() throws IOException {
        byte[] text = BASE.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Path file = Files.write(dir.resolve("bom.yaml"), bytes);

        assertThat(Matrices.load(file, RECIPES).name()).isEqualTo("quickstart");
    }

    @Test
    void reportsProblemsWithTheFileAsGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), BASE + "repeat: 2\n");

        assertThatThrownBy(() -> Matrices.load(file, RECIPES))
                .hasMessage(file + ":10:1: unknown key 'repeat'; did you mean 'repeats'?");
    }
}
