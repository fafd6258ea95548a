package dev.ftmatrix.results.history;

import static dev.ftmatrix.results.history.HistoryFixtures.checksum;
import static dev.ftmatrix.results.history.HistoryFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftmatrix.cli.Main;
import dev.ftmatrix.results.history.HistoryStore.Access;
import dev.ftmatrix.results.history.HistoryStore.ImportSummary;
import dev.ftmatrix.stats.HistoryStatistics;
import dev.ftmatrix.stats.HistoryTrend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history in a real PostgreSQL server: a throwaway cluster of Debian's postgresql package on 127.0.0.1
 * ({@link PostgresCluster}), one fresh database per test. The same migrations, idempotent imports, numbers and
 * one-writer rule as on SQLite.
 */
class HistoryPostgresIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    static PostgresCluster cluster;

    @TempDir
    Path tmp;
    String url;
    HistoryLocation location;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = cluster.createDatabase("history_" + DATABASES.incrementAndGet());
        location = HistoryLocation.resolve(url, Map.of());
    }

    private List<ImportSummary> importInto(HistoryLocation where, List<Path> inputs) {
        try (HistoryStore store = HistoryStore.open(where, Access.CREATE)) {
            return store.importResults(inputs);
        }
    }

    @Test
    void migrationsCreateTheSchemaInAnEmptyDatabaseAndThenDoNothing() throws Exception {
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            assertThat(store.migrationsApplied()).isEqualTo(2);
        }
        assertThat(rows(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " ORDER BY table_name")).containsExactly("cell_results", "flyway_schema_history", "runs");
        assertThat(rows(url, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name ="
                + " 'cell_results' AND column_name IN ('attempt', 'simulated', 'install_s') ORDER BY column_name"))
                .containsExactly("attempt|integer", "install_s|double precision", "simulated|boolean");
        String schema = checksum(url, "flyway_schema_history", "installed_rank");
        try (HistoryStore store = HistoryStore.open(location, Access.EXISTING)) {
            assertThat(store.migrationsApplied()).isZero();
        }
        assertThat(checksum(url, "flyway_schema_history", "installed_rank")).isEqualTo(schema);
    }

    @Test
    void importingTheSameRunsTwiceChangesNothing() throws Exception {
        List<Path> inputs = new ArrayList<>(HistoryFixtures.fourRuns(tmp.resolve("runs")));
        inputs.add(HistoryFixtures.REPORT_FIXTURE);
        List<ImportSummary> first = importInto(location, inputs);
        assertThat(first).extracting(ImportSummary::added).containsExactly(12L, 6L, 6L, 4L, 23L);
        String results = checksum(url, "cell_results", "run_id, cell, attempt");
        String runs = checksum(url, "runs", "run_id");
        assertThat(results).startsWith("51 rows");

        List<ImportSummary> again = importInto(location, inputs);
        assertThat(again).extracting(ImportSummary::added).containsOnly(0L);
        assertThat(again).extracting(ImportSummary::alreadyPresent).containsExactly(12L, 6L, 6L, 4L, 23L);
        assertThat(again).flatExtracting(ImportSummary::newRuns).isEmpty();
        assertThat(again).flatExtracting(ImportSummary::updatedRuns).isEmpty();
        assertThat(checksum(url, "cell_results", "run_id, cell, attempt")).isEqualTo(results);
        assertThat(checksum(url, "runs", "run_id")).isEqualTo(runs);
    }

    @Test
    void trendsAndFlipRatesAreTheSameAsFromSqlite() throws Exception {
        List<Path> inputs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
        HistoryLocation sqlite = HistoryLocation.ofFile(tmp.resolve("history.sqlite"));
        importInto(location, inputs);
        importInto(sqlite, inputs);
        try (HistoryStore pg = HistoryStore.open(location, Access.EXISTING);
                HistoryStore file = HistoryStore.open(sqlite, Access.EXISTING)) {
            for (HistoryTrend.By by : HistoryTrend.By.values()) {
                HistoryTrend fromPg = HistoryStatistics.trend(pg, HistoryStore.Filter.all(), by);
                assertThat(fromPg).isEqualTo(HistoryStatistics.trend(file, HistoryStore.Filter.all(), by));
                assertThat(fromPg.tiers()).isNotEmpty();
            }
            assertThat(HistoryStatistics.flakiness(pg, 2)).isEqualTo(HistoryStatistics.flakiness(file, 2));
            assertThat(HistoryStatistics.flakiness(pg, 2).cells()).hasSize(4);
        }
    }

    @Test
    void aSecondWriterWaitsForTheFirstAndGivesUpAfterTheLockTimeout() throws Exception {
        importInto(location, List.of(HistoryFixtures.REPORT_FIXTURE));
        List<Path> runs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
        try (Connection first = DriverManager.getConnection(url); Statement s = first.createStatement()) {
            first.setAutoCommit(false);
            s.execute("LOCK TABLE runs, cell_results IN SHARE ROW EXCLUSIVE MODE");
            try (HistoryStore store = HistoryStore.open(location, Access.CREATE, Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> store.importResults(runs))
                        .isInstanceOf(HistoryUnavailableException.class)
                        .hasMessage("the history " + location.display() + " is locked by another writer (waited 1 s):"
                                + " one writer at a time; let the other import finish, or import in the merge or"
                                + " report stage only (docs/history.md)");
                assertThat(store.size()).isEqualTo(new HistoryStore.Size(1, 23));
            }
            CompletableFuture<List<ImportSummary>> second = CompletableFuture.supplyAsync(() -> {
                try (HistoryStore store = HistoryStore.open(location, Access.CREATE, Duration.ofSeconds(20))) {
                    return store.importResults(runs);
                }
            });
            Thread.sleep(500);
            assertThat(second).isNotDone();
            first.commit();
            assertThat(second.get(20, TimeUnit.SECONDS)).extracting(ImportSummary::added)
                    .containsExactly(12L, 6L, 6L, 4L);
        }
    }

    @Test
    void theCommandsWorkAgainstAPostgresUrl() throws Exception {
        List<Path> runs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
        List<String> args = new ArrayList<>(List.of("history", "import", "--history", url));
        runs.forEach(r -> args.add(r.toString()));
        String[] imported = cli(args.toArray(String[]::new));
        assertThat(imported[0]).isEqualTo("0");
        assertThat(imported[1]).endsWith("history  " + url + ": 4 runs, 28 results\n");

        String[] trend = cli("history", "trend", "--by", "week", "--history", url);
        assertThat(trend[0]).as(trend[2]).isEqualTo("0");
        assertThat(trend[1]).contains("1     2026-W47  2026-11-16   8       6       75.0%      40.9-92.9%    1 infra");

        String[] flaky = cli("history", "flaky", "--history", url);
        assertThat(flaky[1]).contains("4 of 6 cells with a trial in at least 2 runs flipped");

        String[] report = cli("report", runs.get(3).toString(), "--out", tmp.resolve("reports").toString(),
                "--history", url);
        assertThat(report[0]).as(report[2]).isEqualTo("0");
        assertThat(report[1]).contains("history  4 runs of history-test in the trend");
    }

    @Test
    void aDatabaseThatDoesNotExistIsBadInputAndAClosedPortIsUnavailable() throws Exception {
        String[] missing = cli("history", "trend", "--history", cluster.url("nosuch"));
        assertThat(missing[0]).isEqualTo("2");
        // The schema check reads the database before Flyway runs, so it is the one that cannot open it.
        assertThat(missing[2]).startsWith("cannot open the history " + cluster.url("nosuch")
                + ": ").contains("\"nosuch\"").endsWith("(check the user, password and database name in the URL)\n");

        String[] closed = cli("history", "trend", "--history", "jdbc:postgresql://127.0.0.1:" + (cluster.port() == 1
                ? 2 : 1) + "/x?user=ftmatrix");
        assertThat(closed[0]).isEqualTo("3");
        assertThat(closed[2]).startsWith("ftmatrix: cannot reach the history database").doesNotContain("\tat ");
    }

    /** Exit code, stdout and stderr of the whole CLI, run in process. */
    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aConflictingLineRefusesTheImportAndKeepStoredKeepsTheStoredResult() throws Exception {
        importInto(location, List.of(HistoryFixtures.REPORT_FIXTURE));
        Path changed = tmp.resolve("changed");
        java.nio.file.Files.createDirectories(changed);
        List<String> lines = java.nio.file.Files.readAllLines(HistoryFixtures.REPORT_FIXTURE.resolve("cells.jsonl"));
        lines.set(0, lines.get(0).replace("\"outcome\": \"PASS\"", "\"outcome\": \"CRASHED\""));
        java.nio.file.Files.write(changed.resolve("cells.jsonl"), lines);
        String results = checksum(url, "cell_results", "run_id, cell, attempt");
        assertThatThrownBy(() -> importInto(location, List.of(changed)))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageContaining("1 result differs from what the history " + location.display())
                .hasMessageContaining("'outcome' is 'CRASHED', the history has 'PASS'");
        assertThat(checksum(url, "cell_results", "run_id, cell, attempt")).isEqualTo(results);
        try (HistoryStore store = HistoryStore.open(location, Access.CREATE)) {
            assertThat(store.importResults(List.of(changed), HistoryStore.OnConflict.KEEP_STORED).get(0).conflicts())
                    .hasSize(1);
        }
        assertThat(checksum(url, "cell_results", "run_id, cell, attempt")).isEqualTo(results);
    }

    @Test
    void aDatabaseOfAnotherApplicationAndANewerSchemaAreRefused() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (name TEXT)");
        }
        assertThatThrownBy(() -> HistoryStore.open(location, Access.CREATE))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage(location.display() + " is not an ftmatrix history: it has tables (users) but no"
                        + " flyway_schema_history; give the history an empty database of its own; nothing was"
                        + " written");
        assertThat(rows(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                .containsExactly("users");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE users");
        }
        importInto(location, List.of(HistoryFixtures.REPORT_FIXTURE));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history SELECT 3, '3', 'from the future', type,"
                    + " 'V3__from_the_future.sql', checksum, installed_by, installed_on, execution_time, success"
                    + " FROM flyway_schema_history WHERE version = '2'");
        }
        assertThatThrownBy(() -> HistoryStore.open(location, Access.EXISTING))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageStartingWith("the history " + location.display() + " has schema version 3, newer than"
                        + " this ftmatrix knows (up to 2)");
    }
}
