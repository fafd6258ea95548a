package dev.ftmatrix.results.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.FtmatrixException;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunJournal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The run history: every imported run and every line of its {@code cells.jsonl}, in SQLite (one file, the default)
 * or any JDBC database (PostgreSQL tested). The schema is Flyway's migrations in {@code db/migration}, applied on
 * open. One writer at a time: an import is one transaction, which on SQLite takes the file's write lock at once
 * ({@code BEGIN IMMEDIATE}) and on PostgreSQL a table lock; a second writer waits up to the lock timeout and then
 * fails with a message. Readers never wait for a writer (SQLite in WAL mode, PostgreSQL's MVCC). Not thread-safe.
 */
public final class HistoryStore implements AutoCloseable {
    /** How long a second writer waits for the first before giving up. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    /** Times as stored: UTC, fixed width, so that text order is time order. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH = 500;
    private static final String INSERT_RESULT = "INSERT INTO cell_results (run_id, cell, attempt, os, method, recipe,"
            + " tier, python, repeat_no, outcome, failure_category, simulated, install_reused, install_s, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, cell, attempt) DO NOTHING";

    private final HistoryLocation location;
    private final Connection connection;
    private final boolean postgres;
    private final Duration lockTimeout;
    private final int migrationsApplied;

    private HistoryStore(HistoryLocation location, Connection connection, Duration lockTimeout,
            int migrationsApplied) throws SQLException {
        this.location = location;
        this.connection = connection;
        this.postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
        this.lockTimeout = lockTimeout;
        this.migrationsApplied = migrationsApplied;
    }

    /** Whether opening may create an empty SQLite file: imports do, queries want an existing history. */
    public enum Access { CREATE, EXISTING }

    /** Opens the history and brings its schema up to date. */
    public static HistoryStore open(HistoryLocation location, Access access) {
        return open(location, access, LOCK_TIMEOUT);
    }

    static HistoryStore open(HistoryLocation location, Access access, Duration lockTimeout) {
        if (location.sqlite()) {
            prepareSqliteFile(location.sqliteFile(), access);
        }
        int applied;
        try {
            // Flyway's transactions defer the write lock, so that opening an up-to-date history to read it never
            // waits for a writer; only the store's own connection takes the lock when a transaction begins.
            applied = migrate(location, location.sqlite() ? sqlite(location, lockTimeout, false) : null);
        } catch (FlywayException e) {
            throw translate(location, lockTimeout, "cannot bring the history's schema up to date", e);
        }
        Connection c = null;
        try {
            c = location.sqlite() ? sqlite(location, lockTimeout, true).getConnection()
                    : DriverManager.getConnection(location.jdbcUrl());
            HistoryStore store = new HistoryStore(location, c, lockTimeout, applied);
            if (store.postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET lock_timeout = " + lockTimeout.toMillis());
                }
            }
            return store;
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw translate(location, lockTimeout, "cannot open the history", e);
        }
    }

    private static void closeQuietly(Connection c, Exception cause) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void prepareSqliteFile(Path file, Access access) {
        if (Files.isDirectory(file)) {
            throw new HistoryInvalidException(file + " is a directory; --history takes a file (e.g. "
                    + file.resolve("history.sqlite") + ") or a jdbc: URL");
        }
        if (Files.exists(file)) {
            requireSqliteFile(file);
        } else if (access == Access.EXISTING) {
            throw new HistoryInvalidException("there is no history at " + file + "; import runs first: ftmatrix"
                    + " history import RESULTS --history " + file);
        } else {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new HistoryInvalidException("cannot create the history " + file + ": " + e.getMessage());
            }
        }
    }

    private static DataSource sqlite(HistoryLocation location, Duration lockTimeout, boolean writeLockOnBegin) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout((int) lockTimeout.toMillis());
        if (writeLockOnBegin) {
            // Take the write lock when a transaction begins, not on its first write: two importers then queue on
            // the busy timeout instead of one failing at once when both try to upgrade a read lock.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(location.jdbcUrl());
        return ds;
    }

    private static void requireSqliteFile(Path file) {
        byte[] header = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new HistoryInvalidException("cannot read the history " + file + ": " + e.getMessage());
        }
        if (n > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
            throw new HistoryInvalidException(file + " is not a SQLite database; --history takes the history file"
                    + " ftmatrix created (or a new path for a new one) or a jdbc: URL");
        }
    }

    private static int migrate(HistoryLocation location, DataSource dataSource) {
        var config = Flyway.configure(HistoryStore.class.getClassLoader())
                .locations("classpath:db/migration")
                .failOnMissingLocations(true);
        config = dataSource != null ? config.dataSource(dataSource) : config.dataSource(location.jdbcUrl(), null, null);
        return config.load().migrate().migrationsExecuted;
    }

    public HistoryLocation location() {
        return location;
    }

    /** Migrations this open applied: all of them on a new history, none on one that is up to date. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** What importing one input (as given) did. A run is new, updated (its metadata grew) or unchanged. */
    public record ImportSummary(Path input, long results, boolean tornLastLine, long added, long alreadyPresent,
            List<String> newRuns, List<String> updatedRuns, List<String> unchangedRuns) {
        public ImportSummary {
            newRuns = List.copyOf(newRuns);
            updatedRuns = List.copyOf(updatedRuns);
            unchangedRuns = List.copyOf(unchangedRuns);
        }
    }

    /**
     * Imports result directories or {@code cells.jsonl} files in one transaction: all of them or, on any error,
     * none. A result line already in the history (same run, cell and attempt) is left as it is, so importing a run
     * twice changes nothing.
     */
    public List<ImportSummary> importResults(List<Path> inputs) {
        List<ImportSummary> summaries = new ArrayList<>();
        try {
            connection.setAutoCommit(false);
            try {
                lockForWriting();
                for (Path input : inputs) {
                    summaries.add(importOne(input));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("cannot import into the history", e);
        }
        return List.copyOf(summaries);
    }

    /** SQLite took its lock when the transaction began; PostgreSQL needs a table lock that writers queue on. */
    private void lockForWriting() throws SQLException {
        if (postgres) {
            try (Statement s = connection.createStatement()) {
                s.execute("LOCK TABLE runs, cell_results IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private ImportSummary importOne(Path input) throws SQLException {
        Map<String, RunRow> fromRunJson = runJson(input);
        long before = countResults();
        Map<String, RunRow> seen = new LinkedHashMap<>();
        Map<String, RunRow> stored = new LinkedHashMap<>();
        ResultsReader.ReadSummary read;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RESULT)) {
            int[] pending = {0};
            read = ResultsReader.read(input, r -> {
                try {
                    RunRow row = RunRow.fromCell(r).merge(fromRunJson.get(r.runId()));
                    RunRow earlier = seen.get(r.runId());
                    if (earlier == null) {
                        stored.put(r.runId(), ensureRun(row));
                        seen.put(r.runId(), row);
                    } else {
                        seen.put(r.runId(), earlier.merge(row));
                    }
                    bind(insert, r);
                    insert.addBatch();
                    if (++pending[0] == BATCH) {
                        insert.executeBatch();
                        pending[0] = 0;
                    }
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            });
            if (pending[0] > 0) {
                insert.executeBatch();
            }
        } catch (SqlFailure e) {
            throw e.getCause();
        }
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Map.Entry<String, RunRow> e : seen.entrySet()) {
            RunRow old = stored.get(e.getKey());
            RunRow now = old == null ? e.getValue() : old.merge(e.getValue());
            if (old == null) {
                added.add(e.getKey());
                updateRun(now);
            } else if (!now.equals(old)) {
                updated.add(e.getKey());
                updateRun(now);
            } else {
                unchanged.add(e.getKey());
            }
        }
        long addedResults = countResults() - before;
        return new ImportSummary(input, read.results(), read.tornLastLine(), addedResults,
                read.results() - addedResults, added, updated, unchanged);
    }

    /** A runtime carrier for SQL failures out of the reader's callback. */
    private static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** The stored row of the run, or null after inserting {@code row} as a new one. */
    private RunRow ensureRun(RunRow row) throws SQLException {
        RunRow stored = run(row.runId());
        if (stored != null) {
            return stored;
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO runs (run_id, matrix, matrix_sha256,"
                + " ftmatrix_version, status, started_at, finished_at, shard, imported_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, row.runId());
            bindRunFields(s, 2, row);
            s.setString(9, TIME.format(Instant.now()));
            s.executeUpdate();
        }
        return null;
    }

    private void updateRun(RunRow row) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE runs SET matrix = ?, matrix_sha256 = ?,"
                + " ftmatrix_version = ?, status = ?, started_at = ?, finished_at = ?, shard = ? WHERE run_id = ?")) {
            bindRunFields(s, 1, row);
            s.setString(8, row.runId());
            s.executeUpdate();
        }
    }

    private static void bindRunFields(PreparedStatement s, int first, RunRow row) throws SQLException {
        s.setString(first, row.matrix());
        s.setString(first + 1, row.matrixSha256());
        s.setString(first + 2, row.ftmatrixVersion());
        s.setString(first + 3, row.status());
        s.setString(first + 4, row.startedAt());
        s.setString(first + 5, row.finishedAt());
        s.setString(first + 6, row.shard());
    }

    private RunRow run(String runId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT matrix, matrix_sha256, ftmatrix_version,"
                + " status, started_at, finished_at, shard FROM runs WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new RunRow(runId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7));
            }
        }
    }

    private static void bind(PreparedStatement s, CellResult r) throws SQLException {
        s.setString(1, r.runId());
        s.setString(2, r.cell());
        s.setInt(3, r.attempt());
        s.setString(4, r.os());
        s.setString(5, r.method());
        s.setString(6, r.recipe());
        s.setString(7, r.tier());
        s.setString(8, r.python());
        s.setInt(9, r.repeat());
        s.setString(10, r.outcome().name());
        s.setString(11, r.failure() == null ? null : r.failure().category());
        s.setBoolean(12, r.simulated());
        s.setBoolean(13, r.installReused());
        if (r.durations() == null || r.durations().installS() == null) {
            s.setNull(14, Types.DOUBLE);
        } else {
            s.setDouble(14, r.durations().installS());
        }
        s.setString(15, r.finishedAt() == null ? null : TIME.format(r.finishedAt()));
    }

    private long countResults() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM cell_results")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The runs described by the input's {@code run.json}, by run id: the run itself, and for a directory written by
     * {@code merge} each run it combines. Read as a tree, so fields this version does not know are no obstacle.
     */
    private static Map<String, RunRow> runJson(Path input) {
        Path file = ResultsReader.baseDir(input).resolve(RunJournal.RUN);
        Map<String, RunRow> runs = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return runs;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ResultsReader.ResultsUnreadableException(file + " is not a run.json ftmatrix wrote: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        List<JsonNode> nodes = new ArrayList<>();
        nodes.add(root);
        root.path("merged_from").forEach(nodes::add);
        for (JsonNode n : nodes) {
            RunRow row = RunRow.fromRunJson(n);
            if (row != null) {
                runs.merge(row.runId(), row, RunRow::merge);
            }
        }
        return runs;
    }

    /** Which results a query looks at; null fields select everything. */
    public record Filter(String method, String tier, LocalDate since, List<String> matrices) {
        public Filter {
            matrices = matrices == null ? List.of() : List.copyOf(matrices);
        }

        public static Filter all() {
            return new Filter(null, null, null, List.of());
        }
    }

    /**
     * How many results of one run share a tier, method, outcome and the two flags that decide whether they are
     * trials. {@code runStartedAt} is null for a run with no recorded time.
     */
    public record OutcomeCount(String runId, Instant runStartedAt, String tier, String method, Outcome outcome,
            boolean simulated, boolean installReused, long count) {
    }

    /** Result counts grouped per run; an unknown method or tier in the filter is bad input. */
    public List<OutcomeCount> outcomeCounts(Filter filter) {
        requireKnown("method", filter.method());
        requireKnown("tier", filter.tier());
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.run_id, r.started_at, c.tier, c.method, c.outcome,"
                + " c.simulated, c.install_reused, COUNT(*) FROM cell_results c JOIN runs r ON r.run_id = c.run_id"
                + " WHERE 1 = 1");
        if (filter.method() != null) {
            sql.append(" AND c.method = ?");
            params.add(filter.method());
        }
        if (filter.tier() != null) {
            sql.append(" AND c.tier = ?");
            params.add(filter.tier());
        }
        if (filter.since() != null) {
            sql.append(" AND r.started_at >= ?");
            params.add(TIME.format(filter.since().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (!filter.matrices().isEmpty()) {
            sql.append(" AND r.matrix IN (").append(filter.matrices().stream().map(m -> "?")
                    .collect(Collectors.joining(", "))).append(')');
            params.addAll(filter.matrices());
        }
        sql.append(" GROUP BY r.run_id, r.started_at, c.tier, c.method, c.outcome, c.simulated, c.install_reused");
        List<OutcomeCount> counts = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setString(i + 1, (String) params.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.add(new OutcomeCount(rs.getString(1), instant(rs.getString(2)), rs.getString(3),
                            rs.getString(4), Outcome.valueOf(rs.getString(5)), rs.getBoolean(6), rs.getBoolean(7),
                            rs.getLong(8)));
                }
            }
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
        return counts;
    }

    /** One attempt of one cell in one run, as the flakiness check needs it. */
    public record Attempt(String cell, String runId, Instant runStartedAt, int attempt, String method, String tier,
            Outcome outcome, boolean simulated, boolean installReused) {
    }

    /**
     * Streams every stored attempt, grouped by cell (all attempts of a cell are delivered together, in no
     * particular order within the cell), so a long history never sits in memory whole.
     */
    public void attemptsByCell(Consumer<Attempt> sink) {
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery("SELECT c.cell, c.run_id, r.started_at, c.attempt, c.method, c.tier,"
                    + " c.outcome, c.simulated, c.install_reused FROM cell_results c JOIN runs r"
                    + " ON r.run_id = c.run_id ORDER BY c.cell")) {
                while (rs.next()) {
                    sink.accept(new Attempt(rs.getString(1), rs.getString(2), instant(rs.getString(3)), rs.getInt(4),
                            rs.getString(5), rs.getString(6), Outcome.valueOf(rs.getString(7)), rs.getBoolean(8),
                            rs.getBoolean(9)));
                }
            }
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
    }

    /** How much the history holds. */
    public record Size(long runs, long results) {
    }

    public Size size() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM cell_results)")) {
            rs.next();
            return new Size(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
    }

    /** The distinct values of a column of the results, sorted. */
    private List<String> distinct(String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DISTINCT " + column + " FROM cell_results WHERE " + column + " IS NOT NULL")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        values.sort(null);
        return values;
    }

    /** A filter's value must occur in the column of the same name, or the query could only come back empty. */
    private void requireKnown(String column, String value) {
        if (value == null) {
            return;
        }
        List<String> known;
        try {
            known = distinct(column);
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
        if (known.contains(value)) {
            return;
        }
        if (known.isEmpty()) {
            throw new HistoryInvalidException("unknown " + column + " '" + value + "': the history at "
                    + location.display() + " holds no results yet (add runs with: ftmatrix history import RESULTS)");
        }
        throw new HistoryInvalidException("unknown " + column + " '" + value + "': the history at "
                + location.display() + " has results of " + column + (known.size() == 1 ? " " : "s ")
                + String.join(", ", known));
    }

    private static Instant instant(String stored) {
        return stored == null ? null : Instant.parse(stored);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw fail("cannot close the history", e);
        }
    }

    /**
     * A database failure as the user should read it: which history, what went wrong, what to do. Locks and
     * unreachable servers are the machine's (exit 3); a file that is no database, a missing driver, bad credentials
     * or an unknown database name are the input's (exit 2).
     */
    private FtmatrixException fail(String doing, Exception e) {
        return translate(location, lockTimeout, doing, e);
    }

    static FtmatrixException translate(HistoryLocation location, Duration lockTimeout, String doing, Exception e) {
        SQLException sql = sqlCause(e);
        String message = firstLine(sql != null ? sql.getMessage() : e.getMessage());
        String where = location.display();
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED") || state.equals("55P03")) {
            return new HistoryUnavailableException("the history " + where + " is locked by another writer (waited "
                    + lockTimeout.toSeconds() + " s): one writer at a time; let the other import finish, or import"
                    + " in the merge or report stage only (docs/history.md)", e);
        }
        if (message.contains("SQLITE_NOTADB") || message.contains("SQLITE_CORRUPT")) {
            return new HistoryInvalidException(where + " is not a SQLite database; --history takes the history file"
                    + " ftmatrix created (or a new path for a new one) or a jdbc: URL", e);
        }
        if (message.contains("No suitable driver") || message.contains("No Flyway database plugin")) {
            return new HistoryInvalidException("no JDBC driver for " + where + ": ftmatrix ships the drivers for"
                    + " SQLite (a file path or jdbc:sqlite:FILE) and PostgreSQL (jdbc:postgresql://HOST:PORT/DB)", e);
        }
        if (state.startsWith("08")) {
            return new HistoryUnavailableException("cannot reach the history database " + where + ": " + message
                    + " (is the server running and the URL right?)", e);
        }
        if (state.startsWith("28") || state.equals("3D000")) {
            return new HistoryInvalidException(doing + " " + where + ": " + message
                    + " (check the user, password and database name in the URL)", e);
        }
        if (message.contains("SQLITE_CANTOPEN") || message.contains("SQLITE_READONLY")) {
            return new HistoryInvalidException(doing + " " + where + ": " + message
                    + " (is the file's directory writable?)", e);
        }
        return new HistoryUnavailableException(doing + " " + where + ": " + message, e);
    }

    private static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
