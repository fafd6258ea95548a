package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        assertThat(r.out()).contains("validate", "plan", "run", "merge", "history", "gc", "images", "doctor", "recipes",
                "3  infrastructure unavailable (Docker daemon, image, history database)",
                "130, 143  run stopped by SIGINT, SIGTERM (finish it with run --resume DIR)");
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
    void planShowsHostForAnOsRunOnTheHost() throws Exception {
        Path f = write("host.yaml", """
                name: h
                python: ["3.13t"]
                os:
                  - id: macos-14
                    executor: host
                methods:
                  - id: brew
                    recipe: macos-homebrew
                    tier: 1
                """);
        Cli r = Cli.run("plan", f.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                CELL                   IMAGE  RECIPE          TIER
                macos-14/brew/3.13t#1  host   macos-homebrew  1
                1 cells, timeout 30m each, parallel 1, network none
                """);
    }

    private List<String> planIds(Path f, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("plan", f.toString(), "--format", "json"));
        args.addAll(List.of(options));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> ids = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void planShardsAreDisjointAndTogetherTheOnlySelection() throws Exception {
        Path f = write("ok.yaml", VALID);
        List<String> selected = planIds(f, "--only", "*/src/*");
        assertThat(selected).hasSize(4);
        for (int n = 1; n <= 5; n++) {
            List<String> union = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                union.addAll(planIds(f, "--only", "*/src/*", "--shard", i + "/" + n));
            }
            assertThat(union).as("N=%d", n).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(selected);
        }
    }

    @Test
    void planTableNamesTheShard() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("plan", f.toString(), "--shard", "2/2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                CELL                       IMAGE          RECIPE        TIER
                debian-trixie/src/3.13t#2  debian:trixie  source-build  4
                debian-trixie/src/3.14t#2  debian:trixie  source-build  4
                debian-trixie/apt/3.13t#2  debian:trixie  distro-apt    control
                3 cells (shard 2/2), timeout 30m each, parallel 1, network none
                """);
    }

    @Test
    void badShardSaysTheExpectedForm() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("run", f.toString(), "--shard", "3/2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ftmatrix: Invalid value for option '--shard': '3/2': shard index must be"
                + " between 1 and 2\nRun 'ftmatrix run --help' for usage.\n");
        Cli form = Cli.run("plan", f.toString(), "--shard", "1-2");
        assertThat(form.exitCode()).isEqualTo(2);
        assertThat(form.err()).startsWith("ftmatrix: Invalid value for option '--shard': '1-2' is not of the form I/N"
                + " (shard I of N, e.g. 1/4)\n");
        assertThat(Cli.run("plan", f.toString(), "--shard", "1/0").err())
                .startsWith("ftmatrix: Invalid value for option '--shard': '1/0': the shard count N must be at least 1\n");
    }

    @Test
    void repeatsOverrideTheMatrixForPlanAndRun() throws Exception {
        Path f = write("ok.yaml", VALID);
        assertThat(planIds(f, "--repeats", "3", "--only", "*/apt/*"))
                .containsExactly("debian-trixie/apt/3.13t#1", "debian-trixie/apt/3.13t#2", "debian-trixie/apt/3.13t#3");
        Cli r = Cli.run("run", f.toString(), "--repeats", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--repeats 0: must be at least 1\n");
        Cli tooMany = Cli.run("plan", f.toString(), "--repeats", "40000");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).isEqualTo("--repeats 40000: " + f + " would expand to 120000 cells; at most 100000"
                + " can run\n");
    }

    @Test
    void runOfAnEmptyShardWritesAValidRunDirectoryWithoutDocker() throws Exception {
        Path f = write("ok.yaml", VALID);
        Path out = tmp.resolve("empty");
        Cli r = Cli.run("run", f.toString(), "--shard", "7/7", "--repeats", "1", "--out", out.toString(),
                "--progress", "plain");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(": 0 cells of t (shard 7/7), parallel 1, results in " + out);
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.get("status").asText()).isEqualTo("complete");
        assertThat(run.get("shard").asText()).isEqualTo("7/7");
        assertThat(run.get("repeats").asInt()).isEqualTo(1);
        assertThat(run.get("cells_planned").asInt()).isZero();
        assertThat(Files.readString(out.resolve("cells.jsonl"))).isEmpty();
        assertThat(Files.isDirectory(out.resolve("logs"))).isTrue();
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
    void runRejectsRetriesOutsideZeroToTen() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli r = Cli.run("run", f.toString(), "--retries", "11");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--retries must be from 0 to 10, got 11\n");
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

    @Test
    void validateRejectsAMethodOnAnOsItsRecipeCannotSupportWithPositionAndExitTwo() throws Exception {
        Path f = write("tiers.yaml", """
                name: t
                python: ["3.14t"]
                os:
                  - { id: debian-trixie, image: "debian:trixie" }
                  - { id: fedora-43, image: "fedora:43" }
                methods:
                  - { id: python-org, recipe: python-org, tier: 2, os: ["debian-*", "fedora-*"] }
                """);
        Cli r = Cli.run("validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(f + ":7:69: methods[0].os[1]: method 'python-org' runs recipe python-org on os"
                + " 'fedora-43' (image fedora:43, family fedora), which the recipe does not support (its platforms:"
                + " debian ubuntu); leave the os out of the method's 'os' globs, add an exclude"
                + " { os: fedora-43, method: python-org }, or give the os entry its right 'family'\n");
    }

    @Test
    void onlyAndSkipTakeSeveralGlobsRepeatedOrCommaSeparated() throws Exception {
        Path f = write("ok.yaml", VALID);
        assertThat(planIds(f, "--only", "*/src/3.13t#1,*/apt/*")).containsExactly("debian-trixie/src/3.13t#1",
                "debian-trixie/apt/3.13t#1", "debian-trixie/apt/3.13t#2");
        assertThat(planIds(f, "--only", "*/src/3.13t#1", "--only", "*/apt/*"))
                .isEqualTo(planIds(f, "--only", "*/src/3.13t#1,*/apt/*"));
        assertThat(planIds(f, "--skip", "*/apt/*", "--skip", "*#2")).containsExactly("debian-trixie/src/3.13t#1",
                "debian-trixie/src/3.14t#1");
        assertThat(planIds(f, "--only", "*/src/*", "--skip", "*/*/3.14t#*,*#2")).containsExactly(
                "debian-trixie/src/3.13t#1");
    }

    @Test
    void eachOnlyGlobMustMatchAndASkipThatLeavesNothingIsAUsageError() throws Exception {
        Path f = write("ok.yaml", VALID);
        Cli typo = Cli.run("plan", f.toString(), "--only", "*/src/*,*/aptt/*");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("--only '*/aptt/*' matches none of the 6 cells of " + f
                + "; list them with: ftmatrix plan " + f + "\n");
        Cli none = Cli.run("plan", f.toString(), "--only", "*/src/*", "--skip", "debian-*");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("--skip 'debian-*' leaves none of the 6 cells of " + f
                + " that --only chose; list them with: ftmatrix plan " + f + "\n");
    }
}
