package dev.ftmatrix.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilding a recorded cell and judging a replay, without running anything. */
class ReproTest {
    private static final RecipeCatalog CATALOG = RecipeCatalog.scan(Path.of("containers"));

    @TempDir
    Path tmp;

    private static CellResult result(int attempt, Outcome outcome, String category, String log) {
        return new CellResult(new CellResult.Identity("r1", "debian-trixie/src/3.13t#2", "m", "4", "3.13t", 2, attempt),
                new CellResult.Setup("debian-trixie", "debian:trixie", "sha256:605b", "src", "source-build", "0ld",
                        Map.of("source", "debian")),
                new CellResult.Verdict(outcome, category == null ? null : new Failure(category, "detail"), List.of()),
                new CellResult.Execution(null, new Durations(1.0, null, 1.0), Instant.EPOCH, Instant.EPOCH, log, null,
                        false, false), CellResult.Measurement.NONE, null,
                CellResult.Replay.NONE);
    }

    private Path results(String matrixFile, CellResult... results) throws Exception {
        Path dir = tmp.resolve("results");
        try (RunJournal journal = RunJournal.create(dir)) {
            for (CellResult r : results) {
                journal.append(r);
            }
            journal.writeRunInfo(new RunInfo("r1", RunStatus.COMPLETE, "m", matrixFile, "0ld-matrix", "0.1.0", Instant.EPOCH,
                    Instant.EPOCH, null, null, null, null, null, 1, "missing", null, null, 2, null, 1, 1, Map.of(), Map.of(),
                    List.of()));
        }
        return dir;
    }

    @Test
    void replaysTheLastAttemptOnThePinnedImageWithTheRecordedParametersAndSaysWhatChanged() throws Exception {
        Path matrix = tmp.resolve("m.yaml");
        Files.writeString(matrix, """
                name: m
                python: ["3.13t"]
                timeout: 7m
                network: none
                os: [{ id: debian-trixie, image: debian:trixie }]
                methods: [{ id: src, recipe: source-build, tier: 4, with: { source: python.org } }]
                """);
        Path dir = results(matrix.toString(), result(1, Outcome.INFRA_ERROR, "docker", null),
                result(2, Outcome.INSTALL_FAILED, "network", null));

        Repro.Recorded recorded = Repro.find(dir, "debian-trixie/src/3.13t#2");
        Repro.Replay replay = Repro.replay(recorded, CATALOG, Map.of());

        assertThat(recorded.result().identity().attempt()).isEqualTo(2);
        Cell cell = replay.cell();
        assertThat(cell.id()).isEqualTo("debian-trixie/src/3.13t#2");
        assertThat(cell.os().image()).isEqualTo("sha256:605b");
        assertThat(cell.method().with()).isEqualTo(Map.of("source", "debian"));
        assertThat(cell.timeout()).hasMinutes(7);
        String sha = RunService.sha256(matrix);
        assertThat(replay.warnings()).containsExactly(
                "matrix file " + matrix + " changed since run r1 (SHA-256 0ld-matrix, now " + sha + "): timeout,"
                        + " network and smoke settings come from the file as it is now",
                "recipe source-build changed since the cell ran (SHA-256 0ld, now "
                        + CATALOG.require("source-build").contentSha256() + "): the replay runs the recipe as it is"
                        + " now");
    }

    @Test
    void reproducedNeedsTheSameOutcomeCategoryAndTheTextInTheStepOutput() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(tmp.resolve("logs/x.log"), "cell: x\nenv: FTMATRIX_PARAM_BASE_URL=http://mirror/\n\n"
                + "== install: exit 3 after 1.0 s ==\n-- stdout --\nCould not resolve host: pypi\n");
        CellResult actual = result(1, Outcome.INSTALL_FAILED, "network", "logs/x.log");

        Repro.Verdict same = Repro.compare("INSTALL_FAILED", "network", "Could not resolve host", actual, tmp);
        assertThat(same.reproduced()).isTrue();
        assertThat(same.reasons()).containsExactly("outcome INSTALL_FAILED, as expected", "category network, as"
                + " expected", "text \"Could not resolve host\" found in the step output of " + tmp.resolve("logs/x.log"));

        Repro.Verdict other = Repro.compare("PASS", "build", "http://mirror/", actual, tmp);
        assertThat(other.reproduced()).isFalse();
        assertThat(other.reasons()).containsExactly("outcome INSTALL_FAILED, expected PASS", "category network,"
                + " expected build", "text \"http://mirror/\" not found in the step output of "
                + tmp.resolve("logs/x.log"));
    }
}
