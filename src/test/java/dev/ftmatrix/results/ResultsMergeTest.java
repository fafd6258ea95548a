package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsMergeTest {
    private static final String SHA = "aaaa";

    @TempDir
    Path tmp;

    private static RunInfo run(String runId, String matrix, String sha, String shard, RunStatus status, int planned,
            String startedAt, String finishedAt) {
        return new RunInfo(runId, status, matrix, "matrices/" + matrix + ".yaml", sha, "0.1.0", Instant.parse(startedAt),
                finishedAt == null ? null : Instant.parse(finishedAt), "unix:///var/run/docker.sock", "29.0",
                "1.44", "17", "Linux amd64", 2, "missing", null, null, 1, shard, planned, planned, Map.of(),
                Map.of("debian:trixie", "sha256:" + runId), List.of());
    }

    private static CellResult cell(String runId, String id, int attempt, Outcome outcome) {
        return new CellResult(new CellResult.Identity(runId, id, "m", "4", "3.13t",
                        Integer.parseInt(id.substring(id.indexOf('#') + 1)), attempt),
                new CellResult.Setup("debian-trixie", "debian:trixie", "sha256:abc", "src", "source-build", "f00",
                        Map.of()),
                new CellResult.Verdict(outcome, outcome == Outcome.PASS ? null : new Failure("network", "down"),
                        List.of()),
                new CellResult.Execution("/opt/p", new Durations(1.5, 0.5, 2.0), Instant.parse("2026-11-25T17:00:00Z"),
                        Instant.parse("2026-11-25T17:00:02Z"),
                        "logs/" + RunJournal.fileNameFor(id) + (attempt == 1 ? "" : "." + attempt) + ".log", null,
                        false, false), CellResult.Measurement.NONE, null,
                CellResult.Replay.NONE);
    }

    /** A result directory as run writes it: run.json, cells.jsonl in finishing order, and each cell's log. */
    private Path dir(String name, RunInfo info, CellResult... cells) throws Exception {
        Path d = tmp.resolve(name);
        try (RunJournal journal = RunJournal.create(d)) {
            for (CellResult c : cells) {
                Files.writeString(d.resolve(c.execution().log()), "log of " + c.identity().cell() + " attempt "
                        + c.identity().attempt() + " in "
                        + c.identity().runId() + "\n");
                journal.append(c);
            }
            journal.writeRunInfo(info);
        }
        return d;
    }

    private Path shard1() throws Exception {
        return dir("shard-1", run("r1", "m", SHA, "1/2", RunStatus.COMPLETE, 2, "2026-11-25T17:00:00Z", "2026-11-25T18:00:00Z"),
                cell("r1", "os/src/3.13t#2", 1, Outcome.PASS), cell("r1", "os/apt/3.13t#1", 1, Outcome.NOT_FREE_THREADED));
    }

    private Path shard2() throws Exception {
        return dir("shard-2", run("r2", "m", SHA, "2/2", RunStatus.COMPLETE, 2, "2026-11-25T16:59:00Z", "2026-11-25T18:30:00Z"),
                cell("r2", "os/src/3.13t#1", 1, Outcome.INSTALL_FAILED), cell("r2", "os/src/3.13t#1", 2, Outcome.PASS));
    }

    @Test
    void mergeIsOrderIndependentAndIdempotent() throws Exception {
        Path s1 = shard1();
        Path s2 = shard2();
        ResultsMerge.merge(List.of(s1, s2), tmp.resolve("ab"));
        ResultsMerge.merge(List.of(s2, s1), tmp.resolve("ba"));
        assertThat(cellLines(tmp.resolve("ba"))).isEqualTo(cellLines(tmp.resolve("ab")));
        assertThat(runJson(tmp.resolve("ba"))).isEqualTo(runJson(tmp.resolve("ab")));
        // Merging a merge with what it already holds adds nothing.
        ResultsMerge.Merged again = ResultsMerge.merge(List.of(tmp.resolve("ab"), s1, s2), tmp.resolve("again"));
        assertThat(cellLines(tmp.resolve("again"))).isEqualTo(cellLines(tmp.resolve("ab")));
        assertThat(again.duplicates()).isEqualTo(cellLines(tmp.resolve("ab")).size());
    }

    private static List<String> cellLines(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve(RunJournal.CELLS));
    }

    private static JsonNode runJson(Path dir) throws Exception {
        return Json.MAPPER.readTree(dir.resolve(RunJournal.RUN).toFile());
    }

    @Test
    void mergesShardsIntoOneDirectorySortedByCellAndAttemptWithTheirLogs() throws Exception {
        Path out = tmp.resolve("merged");
        ResultsMerge.Merged merged = ResultsMerge.merge(List.of(shard1(), shard2()), out);

        assertThat(merged.results()).isEqualTo(4);
        assertThat(merged.duplicates()).isZero();
        assertThat(merged.warnings()).isEmpty();
        assertThat(merged.missingShards()).isEmpty();
        List<CellResult> cells = cellLines(out).stream().map(ResultsMergeTest::parse).toList();
        assertThat(cells).extracting(c -> c.identity().cell() + " " + c.identity().attempt()).containsExactly(
                "os/apt/3.13t#1 1", "os/src/3.13t#1 1", "os/src/3.13t#1 2", "os/src/3.13t#2 1");
        for (CellResult c : cells) {
            assertThat(out.resolve(c.execution().log())).hasContent("log of " + c.identity().cell() + " attempt "
                    + c.identity().attempt() + " in "
                    + c.identity().runId());
        }
        JsonNode run = runJson(out);
        assertThat(run.get("status").asText()).isEqualTo("complete");
        assertThat(run.get("run_id").asText()).matches("20261125-165900-merge-[0-9a-f]{8}");
        assertThat(run.get("matrix").asText()).isEqualTo("m");
        assertThat(run.get("matrix_sha256").asText()).isEqualTo(SHA);
        assertThat(run.get("shard").isNull()).isTrue();
        assertThat(run.get("cells_planned").asInt()).isEqualTo(4);
        assertThat(run.get("cells_finished").asInt()).isEqualTo(4);
        assertThat(run.get("outcomes").toString()).isEqualTo("{\"INSTALL_FAILED\":1,\"NOT_FREE_THREADED\":1,\"PASS\":2}");
        assertThat(run.get("started_at").asText()).isEqualTo("2026-11-25T16:59:00Z");
        assertThat(run.get("finished_at").asText()).isEqualTo("2026-11-25T18:30:00Z");
        assertThat(run.get("parallel").asInt()).isEqualTo(4);
        assertThat(run.get("docker_host").asText()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(run.get("images").get("debian:trixie").asText()).isEqualTo("sha256:r1, sha256:r2");
        assertThat(run.get("merged_from")).extracting(r -> r.get("run_id").asText() + " " + r.get("shard").asText())
                .containsExactly("r1 1/2", "r2 2/2");
    }

    @Test
    void mergingIsIdempotentAndAcceptsMergedDirectories() throws Exception {
        Path s1 = shard1();
        Path s2 = shard2();
        Path once = tmp.resolve("once");
        ResultsMerge.merge(List.of(s2, s1), once);
        Path again = tmp.resolve("again");
        ResultsMerge.merge(List.of(once), again);
        Path withItself = tmp.resolve("with-itself");
        ResultsMerge.Merged m = ResultsMerge.merge(List.of(once, once), withItself);
        Path withAShard = tmp.resolve("with-a-shard");
        ResultsMerge.merge(List.of(s1, once), withAShard);

        assertThat(m.duplicates()).isEqualTo(4);
        for (Path other : List.of(again, withItself, withAShard)) {
            assertThat(cellLines(other)).as(other.toString()).isEqualTo(cellLines(once));
            assertThat(Files.readString(other.resolve(RunJournal.RUN)))
                    .isEqualTo(Files.readString(once.resolve(RunJournal.RUN)));
            for (String line : cellLines(other)) {
                String log = parse(line).execution().log();
                assertThat(other.resolve(log)).hasSameTextualContentAs(once.resolve(log));
            }
        }
    }

    @Test
    void keepsAShardGivenTwiceOnce() throws Exception {
        Path s1 = shard1();
        Path s2 = shard2();
        ResultsMerge.Merged m = ResultsMerge.merge(List.of(s1, s2, s1), tmp.resolve("out"));
        assertThat(m.results()).isEqualTo(4);
        assertThat(m.duplicates()).isEqualTo(2);
        assertThat(m.info().mergedFrom()).extracting(RunInfo::runId).containsExactly("r1", "r2");
        assertThat(m.info().cellsPlanned()).isEqualTo(4);
    }

    @Test
    void rejectsTwoDifferentResultsForOneCellAttempt() throws Exception {
        Path s1 = shard1();
        Path other = dir("other-run", run("r9", "m", SHA, null, RunStatus.COMPLETE, 1, "2026-11-26T17:00:00Z",
                "2026-11-26T18:00:00Z"), cell("r9", "os/src/3.13t#2", 1, Outcome.TIMEOUT));
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(s1, other), out))
                .isInstanceOf(ResultsMerge.MergeException.class)
                .hasMessage(s1 + " and " + other + " both hold cell os/src/3.13t#2 attempt 1 with different results"
                        + " (from runs r1 and r9); merge combines the shards of one run, which never share a cell:"
                        + " leave one of the two directories out");
        assertThat(out).doesNotExist();
    }

    @Test
    void rejectsDifferentLogsUnderOneName() throws Exception {
        Path s1 = dir("first", run("r1", "m", SHA, "1/2", RunStatus.COMPLETE, 1, "2026-11-25T17:00:00Z", null),
                cell("r1", "os/src/3.13t#1", 1, Outcome.INFRA_ERROR));
        CellResult secondAttempt = cell("r2", "os/src/3.13t#1", 2, Outcome.PASS).withLog("logs/os__src__3.13t_1.log");
        Path s2 = dir("second", run("r2", "m", SHA, "2/2", RunStatus.COMPLETE, 1, "2026-11-25T17:00:00Z", null),
                secondAttempt);
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(s1, s2), tmp.resolve("out")))
                .isInstanceOf(ResultsMerge.MergeException.class)
                .hasMessage(s1.toAbsolutePath().resolve("logs/os__src__3.13t_1.log") + " and "
                        + s2.toAbsolutePath().resolve("logs/os__src__3.13t_1.log") + " are different logs that results"
                        + " name with the same path logs/os__src__3.13t_1.log; merge combines the shards of one run,"
                        + " which never share a cell: leave one of the two directories out");
    }

    @Test
    void mergesAnEmptyShard() throws Exception {
        Path empty = dir("shard-3", run("r3", "m", SHA, "3/3", RunStatus.COMPLETE, 0, "2026-11-25T17:00:00Z", null));
        Path s1 = dir("shard-1", run("r1", "m", SHA, "1/3", RunStatus.COMPLETE, 1, "2026-11-25T17:00:00Z", null),
                cell("r1", "os/src/3.13t#1", 1, Outcome.PASS));
        Path s2 = dir("shard-2", run("r2", "m", SHA, "2/3", RunStatus.COMPLETE, 1, "2026-11-25T17:00:00Z", null),
                cell("r2", "os/src/3.13t#2", 1, Outcome.PASS));
        ResultsMerge.Merged m = ResultsMerge.merge(List.of(empty, s2, s1), tmp.resolve("out"));
        assertThat(m.info().status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(m.info().mergedFrom()).extracting(RunInfo::shard).containsExactly("1/3", "2/3", "3/3");
        assertThat(cellLines(tmp.resolve("out"))).hasSize(2);
    }

    @Test
    void rejectsResultsOfDifferentMatricesNamingBothDirectoriesAndValues() throws Exception {
        Path s1 = shard1();
        Path otherName = dir("quick", run("r3", "quickstart", SHA, "2/2", RunStatus.COMPLETE, 0, "2026-11-25T17:00:00Z",
                null));
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(s1, otherName), tmp.resolve("out")))
                .isInstanceOf(ResultsMerge.MergeException.class)
                .hasMessage("cannot merge results of different matrices: " + s1 + " has matrix 'm' (matrix_sha256 aaaa)"
                        + " but " + otherName + " has matrix 'quickstart' (matrix_sha256 aaaa); merge only results of"
                        + " one matrix file");
        Path edited = dir("edited", run("r4", "m", "bbbb", "2/2", RunStatus.COMPLETE, 0, "2026-11-25T17:00:00Z", null));
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(s1, edited), tmp.resolve("out")))
                .hasMessage("cannot merge results of different matrices: " + s1 + " has matrix 'm' (matrix_sha256 aaaa)"
                        + " but " + edited + " has matrix 'm' (matrix_sha256 bbbb); merge only results of one matrix file");
    }

    @Test
    void refusesAnOutputDirectoryThatHoldsARun() throws Exception {
        Path s1 = shard1();
        Path s2 = shard2();
        byte[] before = Files.readAllBytes(s1.resolve(RunJournal.CELLS));
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(s1, s2), s1))
                .isInstanceOf(RunJournal.OutputDirectoryException.class)
                .hasMessage("output directory " + s1 + " already holds a run; choose another --out (results are never"
                        + " overwritten)");
        assertThat(Files.readAllBytes(s1.resolve(RunJournal.CELLS))).isEqualTo(before);
    }

    @Test
    void isIncompleteWhenAShardIsMissingOrARunDidNotFinish() throws Exception {
        ResultsMerge.Merged oneOfTwo = ResultsMerge.merge(List.of(shard1()), tmp.resolve("half"));
        assertThat(oneOfTwo.info().status()).isEqualTo(RunStatus.INCOMPLETE);
        assertThat(oneOfTwo.missingShards()).containsExactly("2/2");

        Path interrupted = dir("interrupted", run("r5", "m", SHA, "2/2", RunStatus.INTERRUPTED, 2, "2026-11-25T17:00:00Z",
                "2026-11-25T17:30:00Z"), cell("r5", "os/src/3.13t#1", 1, Outcome.PASS));
        ResultsMerge.Merged m = ResultsMerge.merge(List.of(tmp.resolve("shard-1"), interrupted), tmp.resolve("out"));
        assertThat(m.missingShards()).isEmpty();
        assertThat(m.info().status()).isEqualTo(RunStatus.INCOMPLETE);
    }

    @Test
    void leavesOutATornLastLineAndAMissingLogWithWarnings() throws Exception {
        Path s1 = shard1();
        Files.delete(s1.resolve("logs/os__apt__3.13t_1.log"));
        Files.writeString(s1.resolve(RunJournal.CELLS), "{\"run_id\":\"r1\",\"cell\":\"os/s", StandardOpenOption.APPEND);
        ResultsMerge.Merged m = ResultsMerge.merge(List.of(s1), tmp.resolve("out"));
        assertThat(m.results()).isEqualTo(2);
        assertThat(m.warnings()).containsExactly(
                s1.resolve(RunJournal.CELLS) + ": left out an unfinished last line (the run was stopped while"
                        + " writing it)",
                s1 + ": the log of os/apt/3.13t#1 attempt 1 (logs/os__apt__3.13t_1.log) is not in the directory;"
                        + " the merged result names no log for it");
        assertThat(parse(cellLines(tmp.resolve("out")).get(0)).execution().log()).isNull();
    }

    @Test
    void rejectsABrokenLineThatIsNotTheLastNamingFileAndLine() throws Exception {
        Path s1 = shard1();
        List<String> lines = cellLines(s1);
        Files.write(s1.resolve(RunJournal.CELLS), List.of(lines.get(0), "{not json", lines.get(1)), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(s1), tmp.resolve("out")))
                .isInstanceOf(ResultsReader.ResultsUnreadableException.class)
                .hasMessageStartingWith(s1.resolve(RunJournal.CELLS) + ":2: the line is not JSON: at column 2, ")
                .hasMessageEndingWith("; cells.jsonl holds one JSON object per line as ftmatrix run writes it, so"
                        + " restore the line from the run that wrote it or delete it");
    }

    @Test
    void rejectsADirectoryThatIsNoResultDirectory() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(empty), tmp.resolve("out")))
                .isInstanceOf(ResultsMerge.MergeException.class)
                .hasMessage(empty + " is not a result directory: it has no run.json (give the --out directory of"
                        + " ftmatrix run or ftmatrix merge)");
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> ResultsMerge.merge(List.of(missing), tmp.resolve("out")))
                .hasMessage(missing + " is not a result directory (give the --out directory of ftmatrix run or"
                        + " ftmatrix merge)");
    }

    @Test
    void neverCopiesALogFromOutsideTheResultDirectory() throws Exception {
        Files.writeString(tmp.resolve("secret"), "not a log");
        CellResult escaping = cell("r1", "os/src/3.13t#1", 1, Outcome.PASS).withLog("../secret");
        Path d = tmp.resolve("escaping");
        try (RunJournal journal = RunJournal.create(d)) {
            journal.append(escaping);
            journal.writeRunInfo(run("r1", "m", SHA, null, RunStatus.COMPLETE, 1, "2026-11-25T17:00:00Z", null));
        }
        ResultsMerge.Merged m = ResultsMerge.merge(List.of(d), tmp.resolve("out"));
        assertThat(m.warnings()).hasSize(1);
        assertThat(parse(cellLines(tmp.resolve("out")).get(0)).execution().log()).isNull();
        assertThat(tmp.resolve("out/secret")).doesNotExist();
    }

    private static CellResult parse(String line) {
        try {
            return Json.MAPPER.readValue(line, CellResult.class);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
