package dev.ftmatrix.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.matrix.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    @TempDir
    Path tmp;

    private static CellResult result(String cell, Outcome outcome) {
        return result(cell, outcome, null);
    }

    private static CellResult result(String cell, Outcome outcome, ResourceLimits limits) {
        return new CellResult(new CellResult.Identity("run-1", cell, "m", "4", "3.13t", 1, 1),
                new CellResult.Setup("debian-trixie", "debian:trixie", "sha256:abc", "src", "source-build", "f00",
                        Map.of("source", "debian")),
                new CellResult.Verdict(outcome, outcome == Outcome.PASS ? null : new Failure("network", "down"),
                        List.of()),
                new CellResult.Execution("/opt/p", new Durations(1.5, 0.5, 2.0), Instant.parse("2026-11-25T17:00:00Z"),
                        Instant.parse("2026-11-25T17:00:02Z"), "logs/x.log", null, false, false),
                new CellResult.Measurement(limits, null, null), null, CellResult.Replay.NONE);
    }

    @Test
    void appendsOneJsonLinePerCellWithSnakeCaseFields() throws Exception {
        Path dir = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(dir)) {
            journal.append(result("a/src/3.13t#1", Outcome.PASS));
            journal.append(result("a/src/3.13t#2", Outcome.INSTALL_FAILED));
        }
        List<String> lines = Files.readAllLines(dir.resolve("cells.jsonl"));
        assertThat(lines).hasSize(2);
        JsonNode second = Json.MAPPER.readTree(lines.get(1));
        assertThat(second.get("cell").asText()).isEqualTo("a/src/3.13t#2");
        assertThat(second.get("outcome").asText()).isEqualTo("INSTALL_FAILED");
        assertThat(second.get("failure").get("category").asText()).isEqualTo("network");
        assertThat(second.get("image_digest").asText()).isEqualTo("sha256:abc");
        assertThat(second.get("durations").get("install_s").asDouble()).isEqualTo(1.5);
        assertThat(second.get("started_at").asText()).isEqualTo("2026-11-25T17:00:00Z");
        assertThat(Files.isDirectory(dir.resolve("logs"))).isTrue();
    }

    @Test
    void aSecretThatOccursInJsonSyntaxNeverStopsAResultBeingRecorded() throws Exception {
        Path dir = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(dir, new Redactor(List.of("e", "0")))) {
            journal.append(result("a/src/3.13t#1", Outcome.PASS));
            journal.append(result("a/src/3.13t#2", Outcome.INSTALL_FAILED));
            journal.writeRunInfo(Json.MAPPER.readValue("{\"run_id\":\"run-10\",\"status\":\"complete\"}",
                    RunInfo.class));
        }
        List<CellResult> read = new ArrayList<>();
        ResultsReader.read(dir, read::add);
        assertThat(read).extracting(r -> r.verdict().outcome()).containsExactly(Outcome.PASS, Outcome.INSTALL_FAILED);
        assertThat(read.get(1).verdict().failure().detail()).isEqualTo("down");
        assertThat(read.get(0).execution().durations()).isEqualTo(new Durations(1.5, 0.5, 2.0));
        assertThat(read.get(0).identity().cell()).isEqualTo("a/src/3.13t#1");
        assertThat(read.get(0).setup().image()).isEqualTo("debian:trixie");
        assertThat(read.get(0).execution().interpreter()).isEqualTo("/opt/p");
        assertThat(RunJournal.readRunInfo(dir).status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(RunJournal.readRunInfo(dir).runId()).isEqualTo("run-10");
    }

    @Test
    void readsBackTheLimitsACellRanWith() throws Exception {
        Path dir = tmp.resolve("run");
        CellResult limited = result("a/src/3.13t#1", Outcome.PASS, new ResourceLimits(512L * 1024 * 1024, 1.5, 512));
        try (RunJournal journal = RunJournal.create(dir)) {
            journal.append(limited);
        }
        List<CellResult> read = new ArrayList<>();
        ResultsReader.read(dir, read::add);
        assertThat(read).extracting(r -> r.measurement().limits()).containsExactly(limited.measurement().limits());
        assertThat(Files.readString(dir.resolve("cells.jsonl")))
                .contains("\"limits\":{\"cpus\":1.5,\"memory_bytes\":536870912,\"pids\":512}");
    }

    @Test
    void neverOverwritesAnExistingRun() throws Exception {
        Path dir = tmp.resolve("run");
        RunJournal.create(dir).close();
        assertThatThrownBy(() -> RunJournal.create(dir))
                .isInstanceOf(RunJournal.OutputDirectoryException.class)
                .hasMessage("output directory " + dir + " already holds a run; choose another --out (results are never overwritten)");
    }

    @Test
    void cellIdsBecomeSafeFileNames() {
        assertThat(RunJournal.fileNameFor("debian-trixie/uv/3.13t#2")).isEqualTo("debian-trixie__uv__3.13t_2");
    }

    /** A run directory as a killed run leaves it: run.json and one recorded cell. */
    private Path runWithOneCell() throws Exception {
        Path dir = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(dir)) {
            journal.append(result("a/src/3.13t#1", Outcome.PASS));
        }
        Files.writeString(dir.resolve("run.json"), "{}");
        return dir;
    }

    @Test
    void reopenCutsATornLastLineAndAppendsOnALineOfItsOwn() throws Exception {
        Path dir = runWithOneCell();
        String whole = Files.readString(dir.resolve("cells.jsonl"));
        Files.writeString(dir.resolve("cells.jsonl"), "{\"run_id\":\"run-1\",\"cell\":\"a/src/3",
                java.nio.file.StandardOpenOption.APPEND);

        RunJournal.Reopened reopened = RunJournal.reopen(dir);
        try (RunJournal journal = reopened.journal()) {
            assertThat(reopened.tornBytesRemoved()).isEqualTo(33);
            assertThat(dir.resolve("cells.jsonl")).content().isEqualTo(whole);
            journal.append(result("a/src/3.13t#2", Outcome.PASS));
        }
        List<CellResult> read = new java.util.ArrayList<>();
        ResultsReader.ReadSummary summary = ResultsReader.read(dir, read::add);
        assertThat(summary.tornLastLine()).isFalse();
        assertThat(read).extracting(r -> r.identity().cell()).containsExactly("a/src/3.13t#1", "a/src/3.13t#2");
    }

    @Test
    void reopenLeavesACompleteJournalAlone() throws Exception {
        Path dir = runWithOneCell();
        String before = Files.readString(dir.resolve("cells.jsonl"));
        RunJournal.Reopened reopened = RunJournal.reopen(dir);
        reopened.journal().close();
        assertThat(reopened.tornBytesRemoved()).isZero();
        assertThat(dir.resolve("cells.jsonl")).content().isEqualTo(before);
    }

    @Test
    void aRunDirectoryInUseIsNotOpenedTwice() throws Exception {
        Path dir = tmp.resolve("run");
        try (RunJournal running = RunJournal.create(dir)) {
            Files.writeString(dir.resolve("run.json"), "{}");
            assertThatThrownBy(() -> RunJournal.reopen(dir))
                    .isInstanceOf(RunJournal.OutputDirectoryException.class)
                    .hasMessage(dir + " is in use by a running ftmatrix run; wait for it to end or stop it (Ctrl-C or"
                            + " kill) before resuming it");
        }
        RunJournal.reopen(dir).journal().close();
    }

    @Test
    void reopenRefusesADirectoryWithoutARun() {
        assertThatThrownBy(() -> RunJournal.reopen(tmp))
                .isInstanceOf(RunJournal.OutputDirectoryException.class)
                .hasMessage(tmp + " is not a run directory: it has no run.json and cells.jsonl (give the --out"
                        + " directory of an earlier ftmatrix run)");
    }

    @Test
    void aLaterAttemptKeepsTheEarlierAttemptsLog() throws Exception {
        Path dir = tmp.resolve("run");
        try (RunJournal journal = RunJournal.create(dir)) {
            assertThat(journal.writeLog("debian-trixie/source-debian/3.13t#1", 1, "first"))
                    .isEqualTo("logs/debian-trixie__source-debian__3.13t_1.log");
            assertThat(journal.writeLog("debian-trixie/source-debian/3.13t#1", 2, "second"))
                    .isEqualTo("logs/debian-trixie__source-debian__3.13t_1.attempt-2.log");
        }
        assertThat(dir.resolve("logs/debian-trixie__source-debian__3.13t_1.log")).hasContent("first");
        assertThat(dir.resolve("logs/debian-trixie__source-debian__3.13t_1.attempt-2.log")).hasContent("second");
    }
}
