package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import dev.ftmatrix.run.RunService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --resume's checks, which all happen before Docker is needed. */
class RunResumeCommandTest {
    private static final String MATRIX = """
            name: m
            python: ["3.13t"]
            os: [{ id: debian-trixie, image: debian:trixie }]
            methods: [{ id: apt, recipe: distro-apt, tier: control }]
            """;

    @TempDir
    Path tmp;

    private Path runDir(RunStatus status, Path matrix, String sha) {
        Path dir = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(dir)) {
            journal.writeRunInfo(new RunInfo("20261126-010000-abcd", status, "m", matrix.toString(), sha, "0.1.0",
                    Instant.EPOCH, null, null, null, null, null, null, 1, "never", null, null, 1, null, 1, 1, Map.of(),
                    Map.of(), List.of()));
        }
        return dir;
    }

    private Path matrix() throws Exception {
        Path m = tmp.resolve("m.yaml");
        Files.writeString(m, MATRIX);
        return m;
    }

    @Test
    void resumingACompleteRunSaysSoAndDoesNothing() throws Exception {
        Path m = matrix();
        Path dir = runDir(RunStatus.COMPLETE, m, RunService.sha256(m));
        Cli r = Cli.run("run", "--resume", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("run 20261126-010000-abcd in " + dir + " is complete (1 cells): nothing to resume\n");
        assertThat(dir.resolve("cells.jsonl")).isEmptyFile();
    }

    @Test
    void refusesAMatrixFileThatChangedSinceTheRunStarted() throws Exception {
        Path m = matrix();
        Path dir = runDir(RunStatus.INTERRUPTED, m, "0".repeat(64));
        Cli r = Cli.run("run", "--resume", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(m + " changed since run 20261126-010000-abcd started (SHA-256 " + "0".repeat(64)
                + " in " + dir.resolve("run.json") + ", now " + RunService.sha256(m) + "): its cells could differ from"
                + " the run's. Restore the file, start a new run, or pass --allow-changed-matrix to resume with the"
                + " file as it is\n");
    }

    @Test
    void refusesARunWhoseMatrixFileIsGone() throws Exception {
        Path m = matrix();
        Path dir = runDir(RunStatus.INTERRUPTED, m, RunService.sha256(m));
        Files.delete(m);
        Cli r = Cli.run("run", "--resume", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(dir.resolve("run.json") + ": matrix_file '" + m + "' does not exist here; run"
                + " --resume from the directory the run was started in\n");
    }

    @Test
    void resumeTakesTheSelectionFromRunJson() throws Exception {
        Path m = matrix();
        Path dir = runDir(RunStatus.INTERRUPTED, m, RunService.sha256(m));
        Cli r = Cli.run("run", "--resume", dir.toString(), "--only", "*");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--resume " + dir + " takes the matrix file, --out, --only, --skip, --repeats"
                + " and --shard"
                + " from " + dir.resolve("run.json") + "; leave them out\n");
    }

    @Test
    void runWithoutFileOrResumeSaysWhatToGive() {
        Cli r = Cli.run("run");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ftmatrix run: give a matrix FILE, or --resume DIR to finish an interrupted run\n");
    }

    @Test
    void resumingADirectoryWithoutARunNamesIt() {
        Cli r = Cli.run("run", "--resume", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(tmp + " is not a run directory: it has no run.json (give the --out directory"
                + " of an earlier ftmatrix run)\n");
    }

    @Test
    void resumeCutsATornLastLineAndCompletesARunWhoseCellsAllHaveResults() throws Exception {
        Path m = matrix();
        Path dir = runDir(RunStatus.INTERRUPTED, m, RunService.sha256(m));
        try (RunJournal journal = RunJournal.reopen(dir).journal()) {
            journal.append(new CellResult(new CellResult.Identity("20261126-010000-abcd", "debian-trixie/apt/3.13t#1",
                            "m", "control", "3.13t", 1, 1),
                    new CellResult.Setup("debian-trixie", "debian:trixie", null, "apt", "distro-apt", null, Map.of()),
                    new CellResult.Verdict(Outcome.NOT_FREE_THREADED, new Failure("gil-build", "Py_GIL_DISABLED=0"),
                            List.of()),
                    new CellResult.Execution(null, new Durations(1.0, 1.0, 2.0), Instant.EPOCH, Instant.EPOCH, null,
                            null, false, false), CellResult.Measurement.NONE, null,
                    CellResult.Replay.NONE));
        }
        Files.writeString(dir.resolve("cells.jsonl"), "{\"run_id\":", StandardOpenOption.APPEND);

        Cli r = Cli.run("run", "--resume", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ftmatrix run --resume 20261126-010000-abcd: 0 of 1 cells of m to run,"
                + " parallel 1, results in " + dir + "\n" + dir.resolve("cells.jsonl") + ": removed a torn last line"
                + " (10 bytes, a cell being recorded when the run was killed); that cell runs again\n");
        assertThat(Files.readAllLines(dir.resolve("cells.jsonl"))).hasSize(1);
        RunInfo info = RunJournal.readRunInfo(dir);
        assertThat(info.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(info.outcomes()).isEqualTo(Map.of("NOT_FREE_THREADED", 1));
    }

    @Test
    void aResumeWithAnotherExecutorThanTheRunsIsRefused() throws Exception {
        Path m = matrix();
        Path dir = runDir(RunStatus.INTERRUPTED, m, RunService.sha256(m));
        Cli r = Cli.run("run", "--resume", dir.toString(), "--executor", "host");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("run 20261126-010000-abcd planned 1 cells, but the unchanged " + m + " gives 0"
                + " with --executor host; a run started with --executor is resumed with the same --executor\n");
    }
}
