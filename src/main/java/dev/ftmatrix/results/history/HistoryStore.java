package dev.ftmatrix.results.history;

import dev.ftmatrix.FtmatrixException;
import dev.ftmatrix.results.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import org.flywaydb.core.api.FlywayException;

/**
 * The run history: every imported run and every line of its {@code cells.jsonl}, in SQLite (one file, the default)
 * or any JDBC database (PostgreSQL tested). The schema is Flyway's migrations in {@code db/migration}, applied on
 * open. One writer at a time: an import is one transaction, which on SQLite takes the file's write lock at once
 * ({@code BEGIN IMMEDIATE}) and on PostgreSQL a table lock; a second writer waits up to the lock timeout and then
 * fails with a message. Readers never wait for a writer (SQLite in WAL mode, PostgreSQL's MVCC). Not thread-safe.
 *
 * <p>The work is done by {@link HistoryDialect} (what differs between the databases), {@link HistorySchema} (which
 * databases may be migrated at all), {@link HistoryImport}, {@link HistoryQueries} and {@link HistoryErrors}
 * (failures as the user reads them); this class opens, hands out and translates.
 */
public final class HistoryStore implements AutoCloseable {
    /** How long a second writer waits for the first before giving up. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    /** Times as stored: UTC, fixed width, so that text order is time order. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final HistoryLocation location;
    private final Connection connection;
    private final Duration lockTimeout;
    private final int migrationsApplied;
    private final HistoryImport importer;
    private final HistoryQueries queries;

    private HistoryStore(HistoryLocation location, Connection connection, HistoryDialect dialect,
            Duration lockTimeout, int migrationsApplied) {
        this.location = location;
        this.connection = connection;
        this.lockTimeout = lockTimeout;
        this.migrationsApplied = migrationsApplied;
        this.importer = new HistoryImport(connection, dialect);
        this.queries = new HistoryQueries(connection, location);
    }

    /** Whether opening may create an empty SQLite file: imports do, queries want an existing history. */
    public enum Access { CREATE, EXISTING }

    /** Opens the history and brings its schema up to date. */
    public static HistoryStore open(HistoryLocation location, Access access) {
        return open(location, access, LOCK_TIMEOUT);
    }

    static HistoryStore open(HistoryLocation location, Access access, Duration lockTimeout) {
        if (location.sqlite()) {
            HistoryDialect.prepareSqliteFile(location.sqliteFile(), access);
        }
        boolean current;
        try {
            current = HistoryDialect.checkSchema(location);
        } catch (SQLException e) {
            throw HistoryErrors.translate(location, lockTimeout, "cannot open the history", e);
        }
        int applied;
        try {
            // An up-to-date history is opened without Flyway, whose start is most of a quick command's time.
            applied = current ? 0 : HistoryDialect.migrate(location, lockTimeout);
        } catch (FlywayException e) {
            throw HistoryErrors.translate(location, lockTimeout, "cannot bring the history's schema up to date", e);
        }
        Connection c = null;
        try {
            c = HistoryDialect.connect(location, lockTimeout);
            return new HistoryStore(location, c, HistoryDialect.of(c, lockTimeout), lockTimeout, applied);
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw HistoryErrors.translate(location, lockTimeout, "cannot open the history", e);
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

    public HistoryLocation location() {
        return location;
    }

    /** Migrations this open applied: all of them on a new history, none on one that is up to date. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /**
     * What importing one input (as given) did. A run is new, updated (its metadata grew) or unchanged. A conflict is
     * a line whose run, cell and attempt the history already holds with other content; the stored one stays.
     */
    public record ImportSummary(Path input, long results, boolean tornLastLine, long added, long alreadyPresent,
            List<String> newRuns, List<String> updatedRuns, List<String> unchangedRuns, List<Conflict> conflicts) {
        public ImportSummary {
            newRuns = List.copyOf(newRuns);
            updatedRuns = List.copyOf(updatedRuns);
            unchangedRuns = List.copyOf(unchangedRuns);
            conflicts = List.copyOf(conflicts);
        }
    }

    /** A result line that differs from the stored result of its run, cell and attempt: how, in the line's words. */
    public record Conflict(String runId, String cell, int attempt, String difference) {
        @Override
        public String toString() {
            return "run " + runId + ", cell " + cell + ", attempt " + attempt + ": " + difference;
        }
    }

    /** What an import does with a line that conflicts with a stored result. */
    public enum OnConflict {
        /** Import nothing and say which lines conflict (bad input). */
        REFUSE,
        /** Import the rest; the stored results stay as they are and the conflicts are reported. */
        KEEP_STORED
    }

    /**
     * Imports result directories or {@code cells.jsonl} files in one transaction: all of them or, on any error,
     * none. A result line already in the history (same run, cell and attempt) is left as it is, so importing a run
     * twice changes nothing; one that differs from the stored result is refused, naming the conflicts.
     */
    public List<ImportSummary> importResults(List<Path> inputs) {
        return importResults(inputs, OnConflict.REFUSE);
    }

    /** As {@link #importResults(List)}, with a choice of what a conflicting line does. */
    public List<ImportSummary> importResults(List<Path> inputs, OnConflict onConflict) {
        try {
            return importer.importAll(inputs, onConflict, location);
        } catch (SQLException e) {
            throw fail("cannot import into the history", e);
        }
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

    /** Result counts grouped per run, counted by the database; an unknown method or tier in a filter is bad input. */
    public List<OutcomeCount> outcomeCounts(Filter filter) {
        try {
            return queries.outcomeCounts(filter);
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
    }

    /**
     * One cell id across the runs in which it had a trial: {@code runs} such runs, {@code passes} of them passed,
     * {@code sequence} the verdicts oldest first ({@code P} pass, {@code F} fail); method, tier, run and outcome of
     * its latest trial.
     */
    public record CellVerdicts(String cell, String method, String tier, int runs, int passes, String sequence,
            String lastRun, Outcome lastOutcome) {
    }

    /**
     * Streams the verdicts of every cell id with a trial in at least {@code minRuns} runs, computed by the database
     * (GROUP BYs over one covering index), in no particular order.
     */
    public void verdictsByCell(int minRuns, Consumer<CellVerdicts> sink) {
        try {
            queries.verdictsByCell(minRuns, sink);
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
    }

    /** How much the history holds. */
    public record Size(long runs, long results) {
    }

    public Size size() {
        try {
            return queries.size();
        } catch (SQLException e) {
            throw fail("cannot read the history", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw fail("cannot close the history", e);
        }
    }

    private FtmatrixException fail(String doing, Exception e) {
        return HistoryErrors.translate(location, lockTimeout, doing, e);
    }
}
