package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private static final String VALID = """
            name: t
            python: ["3.13t", "3.14t"]
            repeats: 2
            os:
              - id: debian-trixie
                image: debian:trixie
            methods:
              - id: src
                recipe: source-build
                tier: 4
              - id: apt
                recipe: distro-apt
                tier: control
            exclude:
              - { method: apt, python: "3.14t" }
            """;

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Cli r = Cli.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("ftmatrix \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli r = Cli.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("validate", "plan", "run", "images", "doctor",
                "3  infrastructure unavailable (Docker daemon, image, history database)");
    }

    @Test
    void validateAcceptsAValidMatrixAndCountsItsCells() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("validate", f.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(f + ": ok (6 cells)\n");
    }

    @Test
    void validateReportsEveryProblemWithPositionAndNoStackTrace() throws Exception {
        Path f = write("bad.yaml", VALID.replace("repeats: 2", "repeat: 2").replace("tier: 4", "tier: gold"));
        Cli r = Cli.run("validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":3:1: unknown key 'repeat'; did you mean 'repeats'?");
        assertThat(r.err()).contains(f + ":10:5: methods[0].tier: expected a positive integer or 'control', got 'gold'");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void unknownCommandIsAUsageErrorWithASuggestion() {
        Cli r = Cli.run("valdiate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument at index 0: 'valdiate'", "Did you mean: ftmatrix validate?",
                "Run 'ftmatrix --help' for usage.");
    }

    @Test
    void planListsCellsAsJson() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("plan", f.toString(), "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode cells = new ObjectMapper().readTree(r.out());
        assertThat(cells).hasSize(6);
        assertThat(cells.get(0).toString()).isEqualTo("{\"id\":\"debian-trixie/src/3.13t#1\",\"os\":\"debian-trixie\","
                + "\"image\":\"debian:trixie\",\"method\":\"src\",\"recipe\":\"source-build\",\"tier\":4,"
                + "\"python\":\"3.13t\",\"repeat\":1}");
        assertThat(cells.get(5).get("id").asText()).isEqualTo("debian-trixie/apt/3.13t#2");
        assertThat(cells.get(5).get("tier").asText()).isEqualTo("control");
    }

    @Test
    void planTableHonoursOnly() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("plan", f.toString(), "--only", "*/src/3.14t#*");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                CELL                       IMAGE          RECIPE        TIER
                debian-trixie/src/3.14t#1  debian:trixie  source-build  4
                debian-trixie/src/3.14t#2  debian:trixie  source-build  4
                2 cells, timeout 30m each, parallel 1, network none
                """);
    }

    @Test
    void onlyThatMatchesNothingIsAUsageError() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("run", f.toString(), "--only", "nope/*");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--only 'nope/*' matches none of the 6 cells of " + f
                + "; list them with: ftmatrix plan " + f + "\n");
    }

    @Test
    void runRejectsBadInputBeforeTouchingDocker() throws Exception {
        Path f = write("bad.yaml", VALID.replace("3.14t", "3.14"));
        Cli r = Cli.run("run", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(f + ":2:");
    }

    @Test
    void runRejectsNonPositiveParallel() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("run", f.toString(), "--parallel", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--parallel must be at least 1, got 0\n");
    }

    @Test
    void badPullPolicyNamesTheValidValues() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("run", f.toString(), "--pull", "sometimes");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--pull'", "NEVER, MISSING, ALWAYS");
    }

    @Test
    void missingContainersDirectorySaysHowToFixIt() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("validate", f.toString(), "--containers", tmp.resolve("nowhere").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("no recipes found: '" + tmp.resolve("nowhere") + "' has no recipes/ and probe/smoke.py;"
                + " run ftmatrix from its checkout (the ./ftmatrix launcher does) or pass --containers DIR\n");
    }

    @Test
    void stacktraceOptionAddsTheTrace() throws Exception {
        Cli r = Cli.run("validate", tmp.resolve("x.yaml").toString(), "--containers", tmp.toString(), "--stacktrace");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("RecipeCatalogException", "\tat ");
    }

    @Test
    void bootstrapRefusesImagesItCannotBuild() {
        Cli r = Cli.run("images", "bootstrap", "ubuntu:24.04");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("cannot bootstrap 'ubuntu:24.04': only Debian images can be built");
        assertThat(r.err()).isEqualTo("bootstrap-image.sh failed (exit 2); see its output above\n");
    }
}
