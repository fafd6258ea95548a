package dev.ftmatrix.results.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.ResultsReader;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.history.HistoryStore.ImportSummary;
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

/**
 * {@code history import}: result directories or {@code cells.jsonl} files in one transaction, all of them or, on
 * any error, none. A result line already in the history (same run, cell and attempt) is left as it is, so importing
 * a run twice changes nothing; a run's row takes what its {@code run.json} and its cells say.
 */
final class HistoryImport {
    private static final int BATCH = 500;
    private static final String INSERT_RESULT = "INSERT INTO cell_results (run_id, cell, attempt, os, method, recipe,"
            + " tier, python, repeat_no, outcome, failure_category, simulated, install_reused, install_s, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, cell, attempt) DO NOTHING";

    private final Connection connection;
    private final HistoryDialect dialect;

    HistoryImport(Connection connection, HistoryDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    List<ImportSummary> importAll(List<Path> inputs) throws SQLException {
        List<ImportSummary> summaries = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            dialect.lockForWriting(connection);
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
        return List.copyOf(summaries);
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
        s.setString(15, r.finishedAt() == null ? null : HistoryStore.TIME.format(r.finishedAt()));
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
