package dev.ftmatrix.results.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.history.HistoryStore.ImportSummary;
import dev.ftmatrix.results.history.HistoryStore.OnConflict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code history import}: result directories or {@code cells.jsonl} files in one transaction, all of them or, on
 * any error, none. A result line already in the history (same run, cell and attempt) is left as it is, so importing
 * a run twice changes nothing; one whose stored columns differ is a conflict, which refuses the import unless the
 * caller keeps the stored results. A run's row takes what its {@code run.json} and its cells say.
 */
final class HistoryImport {
    private static final int BATCH = 500;
    private static final String INSERT_RESULT = "INSERT INTO cell_results (run_id, cell, attempt, os, method, recipe,"
            + " tier, python, repeat_no, outcome, failure_category, simulated, install_reused, install_s, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, cell, attempt) DO NOTHING";
    private static final String SELECT_RESULT = "SELECT os, method, recipe, tier, python, repeat_no, outcome,"
            + " failure_category, simulated, install_reused, install_s, finished_at FROM cell_results"
            + " WHERE run_id = ? AND cell = ? AND attempt = ?";
    /** Conflicts named in a refusal; the rest are counted. */
    private static final int SHOWN_CONFLICTS = 10;

    private final Connection connection;
    private final HistoryDialect dialect;

    HistoryImport(Connection connection, HistoryDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    List<ImportSummary> importAll(List<Path> inputs, OnConflict onConflict, HistoryLocation location)
            throws SQLException {
        List<ImportSummary> summaries = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            dialect.lockForWriting(connection);
            for (Path input : inputs) {
                summaries.add(importOne(input));
            }
            if (onConflict == OnConflict.REFUSE) {
                refuseConflicts(summaries, location);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return List.copyOf(summaries);
    }

    private void rollbackQuietly(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Refuses the import when any line conflicts; the caller's rollback then undoes every input. */
    private static void refuseConflicts(List<ImportSummary> summaries, HistoryLocation location) {
        List<String> lines = new ArrayList<>();
        int total = 0;
        for (ImportSummary s : summaries) {
            for (HistoryStore.Conflict c : s.conflicts()) {
                if (++total <= SHOWN_CONFLICTS) {
                    lines.add("  " + s.input() + ": " + c);
                }
            }
        }
        if (total == 0) {
            return;
        }
        if (total > SHOWN_CONFLICTS) {
            lines.add("  and " + (total - SHOWN_CONFLICTS) + " more");
        }
        throw new HistoryInvalidException(total + (total == 1 ? " result differs" : " results differ") + " from what"
                + " the history " + location.display() + " holds for the same run, cell and attempt; nothing was"
                + " imported:\n" + String.join("\n", lines) + "\nThe history keeps what it recorded. Import the"
                + " results as the run wrote them, or add --keep-stored to import the rest and keep the stored"
                + " results");
    }

    private ImportSummary importOne(Path input) throws SQLException {
        Map<String, RunRow> fromRunJson = runJson(input);
        long before = countResults();
        Map<String, RunRow> seen = new LinkedHashMap<>();
        Map<String, RunRow> stored = new LinkedHashMap<>();
        List<HistoryStore.Conflict> conflicts = new ArrayList<>();
        ResultsReader.ReadSummary read;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RESULT);
                PreparedStatement select = connection.prepareStatement(SELECT_RESULT)) {
            List<CellResult> batch = new ArrayList<>(BATCH);
            read = ResultsReader.read(input, r -> {
                try {
                    RunRow row = RunRow.fromCell(r).merge(fromRunJson.get(r.identity().runId()));
                    RunRow earlier = seen.get(r.identity().runId());
                    if (earlier == null) {
                        stored.put(r.identity().runId(), ensureRun(row));
                        seen.put(r.identity().runId(), row);
                    } else {
                        seen.put(r.identity().runId(), earlier.merge(row));
                    }
                    bind(insert, r);
                    insert.addBatch();
                    batch.add(r);
                    if (batch.size() == BATCH) {
                        flush(insert, select, batch, conflicts);
                    }
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            });
            if (!batch.isEmpty()) {
                flush(insert, select, batch, conflicts);
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
                read.results() - addedResults, added, updated, unchanged, conflicts);
    }

    /**
     * Inserts the batch; each line the key already held (an update count other than one: none, or a driver that
     * does not say) is compared with the stored result, so a line that differs is a conflict, not silently dropped.
     */
    private static void flush(PreparedStatement insert, PreparedStatement select, List<CellResult> batch,
            List<HistoryStore.Conflict> conflicts) throws SQLException {
        int[] counts = insert.executeBatch();
        for (int i = 0; i < batch.size(); i++) {
            if (i >= counts.length || counts[i] != 1) {
                CellResult r = batch.get(i);
                String difference = difference(select, r);
                if (difference != null) {
                    CellResult.Identity id = r.identity();
                    conflicts.add(new HistoryStore.Conflict(id.runId(), id.cell(), id.attempt(), difference));
                }
            }
        }
        batch.clear();
    }

    /** How the stored result of the line's key differs from the line, in the line's property names; null if not. */
    private static String difference(PreparedStatement select, CellResult r) throws SQLException {
        select.setString(1, r.identity().runId());
        select.setString(2, r.identity().cell());
        select.setInt(3, r.identity().attempt());
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Object installS = rs.getObject(11) == null ? null : rs.getDouble(11);
            Object[][] columns = {
                {"os", rs.getString(1), r.setup().os()},
                {"method", rs.getString(2), r.setup().method()},
                {"recipe", rs.getString(3), r.setup().recipe()},
                {"tier", rs.getString(4), r.identity().tier()},
                {"python", rs.getString(5), r.identity().python()},
                {"repeat", rs.getInt(6), r.identity().repeat()},
                {"outcome", rs.getString(7), r.verdict().outcome().name()},
                {"failure.category", rs.getString(8),
                    r.verdict().failure() == null ? null : r.verdict().failure().category()},
                {"simulated", rs.getBoolean(9), r.execution().simulated()},
                {"install_reused", rs.getBoolean(10), r.execution().installReused()},
                {"durations.install_s", installS,
                    r.execution().durations() == null ? null : r.execution().durations().installS()},
                {"finished_at", rs.getString(12),
                    r.execution().finishedAt() == null ? null : HistoryStore.TIME.format(r.execution().finishedAt())},
            };
            List<String> differences = new ArrayList<>();
            for (Object[] c : columns) {
                if (!Objects.equals(c[1], c[2])) {
                    differences.add("'" + c[0] + "' is " + shown(c[2]) + ", the history has " + shown(c[1]));
                }
            }
            return differences.isEmpty() ? null : String.join("; ", differences);
        }
    }

    private static String shown(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
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
            s.setString(9, HistoryStore.TIME.format(Instant.now()));
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
        s.setString(1, r.identity().runId());
        s.setString(2, r.identity().cell());
        s.setInt(3, r.identity().attempt());
        s.setString(4, r.setup().os());
        s.setString(5, r.setup().method());
        s.setString(6, r.setup().recipe());
        s.setString(7, r.identity().tier());
        s.setString(8, r.identity().python());
        s.setInt(9, r.identity().repeat());
        s.setString(10, r.verdict().outcome().name());
        s.setString(11, r.verdict().failure() == null ? null : r.verdict().failure().category());
        s.setBoolean(12, r.execution().simulated());
        s.setBoolean(13, r.execution().installReused());
        if (r.execution().durations() == null || r.execution().durations().installS() == null) {
            s.setNull(14, Types.DOUBLE);
        } else {
            s.setDouble(14, r.execution().durations().installS());
        }
        s.setString(15, r.execution().finishedAt() == null ? null
                : HistoryStore.TIME.format(r.execution().finishedAt()));
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
}
