package dev.ftmatrix.results.history;

import static dev.ftmatrix.results.history.HistoryFixtures.checksum;
import static dev.ftmatrix.results.history.HistoryFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.history.HistoryStore.Access;
import dev.ftmatrix.results.history.HistoryStore.ImportSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history in a real SQLite file: schema, idempotent imports, run metadata, one writer at a time, bad input. */
class HistoryStoreTest {
    static final String RUN = "20261120-030000-1";

    @TempDir
    Path tmp;

    private HistoryLocation location() {
        return HistoryLocation.ofFile(tmp.resolve("history.sqlite"));
    }

    private List<ImportSummary> importInto(HistoryLocation location, Path... inputs) {
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            return store.importResults(List.of(inputs));
        }
    }

    @Test
    void aNewHistoryGetsTheSchemaInWalModeAndReopeningItMigratesNothing() throws Exception {
        HistoryLocation location = location();
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            assertThat(store.migrationsApplied()).isEqualTo(2);
        }
        assertThat(rows(location.jdbcUrl(), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .containsExactly("cell_results", "flyway_schema_history", "runs");
        assertThat(rows(location.jdbcUrl(), "PRAGMA journal_mode")).containsExactly("wal");
        String schema = checksum(location.jdbcUrl(), "flyway_schema_history", "installed_rank");
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            assertThat(store.migrationsApplied()).isZero();
        }
        assertThat(checksum(location.jdbcUrl(), "flyway_schema_history", "installed_rank")).isEqualTo(schema);
        assertThat(rows(location.jdbcUrl(), "SELECT version, success FROM flyway_schema_history"))
                .containsExactly("1|1", "2|1");
    }

    @Test
    void trendAndFlakyReadCoveringIndexesInsteadOfTheTable() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        String counts = HistoryQueries.outcomeCountsQuery(new HistoryStore.Filter(null, null, null,
                List.of("fixture"))).sql().replace("?", "'fixture'");
        assertThat(String.join("\n", rows(location.jdbcUrl(), "EXPLAIN QUERY PLAN " + counts)))
                .contains("USING COVERING INDEX cell_results_counts").doesNotContain("SCAN c")
                // report --history's matrix filter keeps the run order of the index: no sort for the GROUP BY.
                .doesNotContain("TEMP B-TREE");
        String verdicts = HistoryQueries.verdictsQuery("SQLite").replace("?", "2");
        assertThat(String.join("\n", rows(location.jdbcUrl(), "EXPLAIN QUERY PLAN " + verdicts)))
                .contains("SCAN c USING COVERING INDEX cell_results_attempts").doesNotContain("SCAN c\n");
    }

    @Test
    void importingTheSameRunTwiceChangesNothing() throws Exception {
        HistoryLocation location = location();
        ImportSummary first = importInto(location, HistoryFixtures.REPORT_FIXTURE).get(0);
        assertThat(first.results()).isEqualTo(23);
        assertThat(first.added()).isEqualTo(23);
        assertThat(first.alreadyPresent()).isZero();
        assertThat(first.newRuns()).containsExactly(RUN);
        String results = checksum(location.jdbcUrl(), "cell_results", "run_id, cell, attempt");
        String runs = checksum(location.jdbcUrl(), "runs", "run_id");
        assertThat(results).startsWith("23 rows");

        ImportSummary again = importInto(location, HistoryFixtures.REPORT_FIXTURE,
                HistoryFixtures.REPORT_FIXTURE.resolve("cells.jsonl")).get(1);
        assertThat(again.added()).isZero();
        assertThat(again.alreadyPresent()).isEqualTo(23);
        assertThat(again.newRuns()).isEmpty();
        assertThat(again.updatedRuns()).isEmpty();
        assertThat(again.unchangedRuns()).containsExactly(RUN);
        assertThat(checksum(location.jdbcUrl(), "cell_results", "run_id, cell, attempt")).isEqualTo(results);
        assertThat(checksum(location.jdbcUrl(), "runs", "run_id")).isEqualTo(runs);
        try (HistoryStore store = HistoryStore.open(location, Access.EXISTING)) {
            assertThat(store.size()).isEqualTo(new HistoryStore.Size(1, 23));
        }
    }

    @Test
    void keepsEveryAttemptWithTheFieldsTrendsAndFlakinessNeed() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        assertThat(rows(location.jdbcUrl(), "SELECT run_id, cell, attempt, os, method, recipe, tier, python, repeat_no,"
                + " outcome, failure_category, simulated, install_reused, install_s, finished_at FROM cell_results"
                + " WHERE cell = 'fedora-42/fedora-dnf/3.13t#2' ORDER BY attempt")).containsExactly(
                RUN + "|fedora-42/fedora-dnf/3.13t#2|1|fedora-42|fedora-dnf|fedora-dnf|1|3.13t|2|INFRA_ERROR|daemon|0|0"
                        + "|0.0|2026-11-20T03:00:00.000Z",
                RUN + "|fedora-42/fedora-dnf/3.13t#2|2|fedora-42|fedora-dnf|fedora-dnf|1|3.13t|2|PASS|null|0|0"
                        + "|41.5|2026-11-20T03:00:00.000Z");
        assertThat(rows(location.jdbcUrl(), "SELECT cell, simulated, install_reused, install_s FROM cell_results"
                + " WHERE simulated OR install_reused ORDER BY cell")).containsExactly(
                "debian-trixie/source-debian/3.13t#3|0|1|null", "debian-trixie/uv-fake/3.13t#1|1|0|2.0");
    }

    @Test
    void aRunWithoutRunJsonTakesItsMatrixAndTimesFromItsCells() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        assertThat(rows(location.jdbcUrl(), "SELECT run_id, matrix, matrix_sha256, ftmatrix_version, status,"
                + " started_at, finished_at, shard FROM runs")).containsExactly(
                RUN + "|fixture|null|null|null|2026-11-20T03:00:00.000Z|2026-11-20T03:00:00.000Z|null");
    }

    @Test
    void aRunImportedWhileRunningGainsItsLaterCellsAndRunJsonOnTheNextImport() throws Exception {
        HistoryLocation location = location();
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        var first = HistoryFixtures.result("r1", start, "debian/uv/3.13t#1", 1, "1", Outcome.PASS, false, false);
        var second = HistoryFixtures.result("r1", start, "debian/uv/3.13t#2", 1, "1", Outcome.PASS, false, false);
        Path dir = tmp.resolve("r1");
        HistoryFixtures.writeRun(dir, HistoryFixtures.runJson("r1", "running", start, null, "1/2"), List.of(first));
        ImportSummary partial = importInto(location, dir).get(0);
        assertThat(partial.newRuns()).containsExactly("r1");
        assertThat(rows(location.jdbcUrl(), "SELECT status, started_at, finished_at, shard FROM runs"))
                .containsExactly("running|2026-11-24T10:00:00.000Z|2026-11-24T10:01:01.000Z|1/2");

        HistoryFixtures.writeRun(dir, HistoryFixtures.runJson("r1", "complete", start, start.plusSeconds(600), "1/2"),
                List.of(first, second));
        ImportSummary complete = importInto(location, dir).get(0);
        assertThat(complete.added()).isEqualTo(1);
        assertThat(complete.alreadyPresent()).isEqualTo(1);
        assertThat(complete.updatedRuns()).containsExactly("r1");
        assertThat(rows(location.jdbcUrl(), "SELECT matrix, matrix_sha256, ftmatrix_version, status, started_at,"
                + " finished_at, shard FROM runs")).containsExactly("history-test|" + "ab".repeat(32)
                + "|0.1.0-test|complete|2026-11-24T10:00:00.000Z|2026-11-24T10:10:00.000Z|1/2");
    }

    @Test
    void anImportIsAllOrNothing() throws Exception {
        HistoryLocation location = location();
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("cells.jsonl"), "{\"cell\": 42, \"outcome\": \"MAYBE\"}\n{}\n");
        assertThatThrownBy(() -> importInto(location, HistoryFixtures.REPORT_FIXTURE, bad))
                .isInstanceOf(ResultsReader.ResultsUnreadableException.class)
                .hasMessageStartingWith(bad.resolve("cells.jsonl") + ":1: the line is not a cell result");
        try (HistoryStore store = HistoryStore.open(location, Access.EXISTING)) {
            assertThat(store.size()).isEqualTo(new HistoryStore.Size(0, 0));
        }
    }

    @Test
    void aSecondWriterWaitsForTheFirstToCommit() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        List<Path> runs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
        try (Connection first = DriverManager.getConnection(location.jdbcUrl());
                Statement s = first.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            long started = System.nanoTime();
            CompletableFuture<List<ImportSummary>> second = CompletableFuture.supplyAsync(() -> {
                try (HistoryStore store = HistoryStore.open(location, Access.CREATE, Duration.ofSeconds(20))) {
                    return store.importResults(runs);
                }
            });
            Thread.sleep(500);
            assertThat(second).isNotDone();
            s.execute("COMMIT");
            assertThat(second.get(20, TimeUnit.SECONDS)).hasSize(4);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void aSecondWriterGivesUpAfterTheLockTimeoutWhileReadersGoOn() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        List<Path> runs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
        try (Connection first = DriverManager.getConnection(location.jdbcUrl());
                Statement s = first.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("DELETE FROM cell_results");
            try (HistoryStore store = HistoryStore.open(location, Access.CREATE, Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> store.importResults(runs))
                        .isInstanceOf(HistoryUnavailableException.class)
                        .hasMessage("the history " + location.display() + " is locked by another writer (waited 1 s):"
                                + " one writer at a time; let the other import finish, or import in the merge or"
                                + " report stage only (docs/history.md)");
                assertThat(store.size()).isEqualTo(new HistoryStore.Size(1, 23));
            }
            s.execute("ROLLBACK");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsBadInput() throws Exception {
        Path notes = tmp.resolve("notes.txt");
        Files.writeString(notes, "these are not the results you are looking for\n");
        assertThatThrownBy(() -> HistoryStore.open(HistoryLocation.ofFile(notes), Access.CREATE))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage(notes + " is not a SQLite database; --history takes the history file ftmatrix created"
                        + " (or a new path for a new one) or a jdbc: URL");
        assertThat(notes).hasContent("these are not the results you are looking for");
    }

    @Test
    void aDirectoryIsNotAHistoryFile() {
        assertThatThrownBy(() -> HistoryStore.open(HistoryLocation.ofFile(tmp), Access.CREATE))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage(tmp + " is a directory; --history takes a file (e.g. " + tmp.resolve("history.sqlite")
                        + ") or a jdbc: URL");
    }

    @Test
    void queryingAHistoryThatDoesNotExistSaysHowToStartOneAndCreatesNothing() {
        Path missing = tmp.resolve("results").resolve("history.sqlite");
        assertThatThrownBy(() -> HistoryStore.open(HistoryLocation.ofFile(missing), Access.EXISTING))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage("there is no history at " + missing + "; import runs first: ftmatrix history import"
                        + " RESULTS --history " + missing);
        assertThat(tmp.resolve("results")).doesNotExist();
    }

    @Test
    void anUnknownMethodIsNamedWithTheMethodsTheHistoryHas() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.fourRuns(tmp.resolve("runs")).toArray(Path[]::new));
        try (HistoryStore store = HistoryStore.open(location, Access.EXISTING)) {
            assertThatThrownBy(() -> store.outcomeCounts(new HistoryStore.Filter("uvv", null, null, List.of())))
                    .isInstanceOf(HistoryInvalidException.class)
                    .hasMessage("unknown method 'uvv': the history at " + location.display() + " has results of"
                            + " methods conda, distro-apt, source, uv, uv-fake");
            assertThatThrownBy(() -> store.outcomeCounts(new HistoryStore.Filter(null, "5", null, List.of())))
                    .isInstanceOf(HistoryInvalidException.class)
                    .hasMessage("unknown tier '5': the history at " + location.display() + " has results of"
                            + " tiers 1, 2, 4, control");
        }
    }

    @Test
    void aJdbcUrlWithoutADriverIsBadInput() {
        HistoryLocation location = HistoryLocation.resolve("jdbc:nosuchdb://localhost/x?password=secret", java.util.Map.of());
        assertThatThrownBy(() -> HistoryStore.open(location, Access.CREATE))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage("no JDBC driver for jdbc:nosuchdb://localhost/x?password=***: ftmatrix ships the drivers"
                        + " for SQLite (a file path or jdbc:sqlite:FILE) and PostgreSQL (jdbc:postgresql://HOST:PORT/DB)");
    }

    private static void sql(String jdbcUrl, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static byte[] filesOf(Path history) throws Exception {
        try (var files = Files.list(history.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(history.getFileName().toString());
        }
        return Files.readAllBytes(history);
    }

    @Test
    void aForeignSqliteFileIsRefusedAndLeftByteForByteAsItWas() throws Exception {
        HistoryLocation location = location();
        sql(location.jdbcUrl(), "CREATE TABLE users (name TEXT)", "CREATE TABLE orders (id INTEGER)",
                "INSERT INTO users VALUES ('ada')");
        byte[] before = filesOf(location.sqliteFile());
        assertThatThrownBy(() -> HistoryStore.open(location, Access.CREATE))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage(location.display() + " is not an ftmatrix history: it has tables (orders, users) but no"
                        + " flyway_schema_history; --history takes the history file ftmatrix created (or a new path"
                        + " for a new one); the file was left as it was");
        assertThat(filesOf(location.sqliteFile())).isEqualTo(before);
        assertThat(rows(location.jdbcUrl(), "PRAGMA journal_mode")).containsExactly("delete");
    }

    @Test
    void aFlywayHistoryOfAnotherApplicationIsRefused() throws Exception {
        HistoryLocation location = location();
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            assertThat(store.size()).isEqualTo(new HistoryStore.Size(0, 0));
        }
        sql(location.jdbcUrl(), "UPDATE flyway_schema_history SET script = 'V1__users.sql' WHERE version = '1'");
        String schema = checksum(location.jdbcUrl(), "flyway_schema_history", "installed_rank");
        assertThatThrownBy(() -> HistoryStore.open(location, Access.CREATE))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage(location.display() + " is not an ftmatrix history: its flyway_schema_history records"
                        + " migration 1 as V1__users.sql, which is not one of ftmatrix's; --history takes the history"
                        + " file ftmatrix created (or a new path for a new one); the file was left as it was");
        assertThat(checksum(location.jdbcUrl(), "flyway_schema_history", "installed_rank")).isEqualTo(schema);
    }

    @Test
    void aHistoryFromANewerSchemaIsRefusedAndNothingIsWritten() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        sql(location.jdbcUrl(), "INSERT INTO flyway_schema_history SELECT 3, '3', 'from the future', type,"
                + " 'V3__from_the_future.sql', checksum, installed_by, installed_on, execution_time, success"
                + " FROM flyway_schema_history WHERE version = '2'");
        String results = checksum(location.jdbcUrl(), "cell_results", "run_id, cell, attempt");
        String schema = checksum(location.jdbcUrl(), "flyway_schema_history", "installed_rank");
        Path changed = tmp.resolve("changed");
        HistoryFixtures.writeRun(changed, null, List.of(HistoryFixtures.result("20261201-000000-new",
                Instant.parse("2026-12-01T00:00:00Z"), "debian/uv/3.14t#1", 1, "1", Outcome.PASS, false, false)));
        assertThatThrownBy(() -> importInto(location, changed))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage("the history " + location.display() + " has schema version 3, newer than this ftmatrix"
                        + " knows (up to 2): a newer ftmatrix wrote it. Upgrade ftmatrix to use this history; nothing"
                        + " was written");
        assertThatThrownBy(() -> HistoryStore.open(location, Access.EXISTING).close())
                .isInstanceOf(HistoryInvalidException.class);
        assertThat(checksum(location.jdbcUrl(), "cell_results", "run_id, cell, attempt")).isEqualTo(results);
        assertThat(checksum(location.jdbcUrl(), "flyway_schema_history", "installed_rank")).isEqualTo(schema);
    }

    @Test
    void aMalformedPostgresqlUrlIsBadInputWithoutItsPassword() {
        for (String url : List.of("jdbc:postgresql://ci:secret@[db?password=secret",
                "jdbc:postgresql://db:port/ftmatrix?password=secret")) {
            HistoryLocation location = HistoryLocation.resolve(url, java.util.Map.of());
            assertThatThrownBy(() -> HistoryStore.open(location, Access.CREATE))
                    .isInstanceOf(HistoryInvalidException.class)
                    .hasMessage(location.display() + " is not a PostgreSQL JDBC URL the driver can read; write it as"
                            + " jdbc:postgresql://HOST:PORT/DB?user=USER&password=PASSWORD (a port is a number, an"
                            + " IPv6 host is in brackets, a / follows the host or port)")
                    .message().doesNotContain("secret");
        }
    }

    @Test
    void aResultLineWithAnInvalidTierIsRefusedAndNothingIsImported() throws Exception {
        HistoryLocation location = location();
        Path gold = tmp.resolve("gold");
        Files.createDirectories(gold);
        List<String> lines = Files.readAllLines(HistoryFixtures.REPORT_FIXTURE.resolve("cells.jsonl"));
        lines.set(4, lines.get(4).replaceFirst("\"tier\": \"[^\"]*\"", "\"tier\": \"gold\""));
        Files.write(gold.resolve("cells.jsonl"), lines);
        assertThatThrownBy(() -> importInto(location, gold))
                .isInstanceOf(ResultsReader.ResultsUnreadableException.class)
                .hasMessageStartingWith(gold.resolve("cells.jsonl") + ":5: 'tier' is 'gold'; expected 'control' or"
                        + " a tier number such as '2'");
        try (HistoryStore store = HistoryStore.open(location, Access.EXISTING)) {
            assertThat(store.size()).isEqualTo(new HistoryStore.Size(0, 0));
        }
    }

    /** The report fixture with its first line's outcome changed, and a run the history does not have yet. */
    private List<Path> aConflictAndANewRun() throws Exception {
        Path changed = tmp.resolve("changed");
        Files.createDirectories(changed);
        List<String> lines = Files.readAllLines(HistoryFixtures.REPORT_FIXTURE.resolve("cells.jsonl"));
        assertThat(lines.get(0)).contains("\"cell\": \"ubuntu-24.04/uv/3.13t#1\"", "\"outcome\": \"PASS\"");
        lines.set(0, lines.get(0).replace("\"outcome\": \"PASS\"", "\"outcome\": \"CRASHED\""));
        Files.write(changed.resolve("cells.jsonl"), lines);
        Path fresh = HistoryFixtures.writeRun(tmp.resolve("fresh"), null, List.of(HistoryFixtures.result(
                "20261201-000000-new", Instant.parse("2026-12-01T00:00:00Z"), "debian/uv/3.14t#1", 1, "1",
                Outcome.PASS, false, false)));
        return List.of(fresh, changed);
    }

    @Test
    void aLineThatDiffersFromTheStoredResultRefusesTheWholeImportNamingIt() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        String results = checksum(location.jdbcUrl(), "cell_results", "run_id, cell, attempt");
        List<Path> inputs = aConflictAndANewRun();
        assertThatThrownBy(() -> importInto(location, inputs.toArray(Path[]::new)))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage("1 result differs from what the history " + location.display() + " holds for the same"
                        + " run, cell and attempt; nothing was imported:\n  " + inputs.get(1) + ": run " + RUN
                        + ", cell ubuntu-24.04/uv/3.13t#1, attempt 1: 'outcome' is 'CRASHED', the history has"
                        + " 'PASS'\nThe history keeps what it recorded. Import the results as the run wrote them, or"
                        + " add --keep-stored to import the rest and keep the stored results");
        assertThat(checksum(location.jdbcUrl(), "cell_results", "run_id, cell, attempt")).isEqualTo(results);
        assertThat(rows(location.jdbcUrl(), "SELECT run_id FROM runs")).containsExactly(RUN);
    }

    @Test
    void keepingTheStoredResultsImportsTheRestAndReportsEachConflict() throws Exception {
        HistoryLocation location = location();
        importInto(location, HistoryFixtures.REPORT_FIXTURE);
        List<Path> inputs = aConflictAndANewRun();
        List<ImportSummary> summaries;
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            summaries = store.importResults(inputs, HistoryStore.OnConflict.KEEP_STORED);
            assertThat(store.size()).isEqualTo(new HistoryStore.Size(2, 24));
        }
        assertThat(summaries.get(0).conflicts()).isEmpty();
        assertThat(summaries.get(1).conflicts()).containsExactly(new HistoryStore.Conflict(RUN,
                "ubuntu-24.04/uv/3.13t#1", 1, "'outcome' is 'CRASHED', the history has 'PASS'"));
        assertThat(rows(location.jdbcUrl(), "SELECT outcome FROM cell_results WHERE run_id = '" + RUN
                + "' AND cell = 'ubuntu-24.04/uv/3.13t#1' AND attempt = 1")).containsExactly("PASS");
    }
}
