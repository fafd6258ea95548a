package dev.ftmatrix.results.history;

import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.history.HistoryStore.CellVerdicts;
import dev.ftmatrix.results.history.HistoryStore.Filter;
import dev.ftmatrix.results.history.HistoryStore.OutcomeCount;
import dev.ftmatrix.results.history.HistoryStore.Size;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What {@code history trend}, {@code history flaky} and {@code report --history} ask of the history: counts
 * aggregated in SQL, each cell's verdicts across runs reduced to one row in SQL, and the check that a filter names
 * something the history holds. The counts and the verdicts each read one covering index (migration V2), not the
 * table.
 */
final class HistoryQueries {
    private static final int FETCH = 500;

    /** Attempt numbers below this fit beside the run's rank in one integer (a cell has a handful). */
    private static final long ATTEMPTS_PER_RUN = 1 << 20;

    /**
     * Per cell id with a trial in at least {@code ?} runs: its runs, passes and verdicts oldest first, and the
     * method, tier, run and outcome of its latest trial. A cell's trial in a run is its last attempt that counts by
     * the report's rule ({@code stats.Trial}: not NOT_APPLICABLE, not an infrastructure error, not simulated and,
     * for a method rather than a control, not a reused install). Runs are ranked by start time, undated first, then
     * by run id in code-point order ({@code {collation}}: the dialect's binary collation), as the trend orders them.
     *
     * <p>Two GROUP BYs over the covering index, with no sort of the rows: the latest trial of each cell and run
     * ({@code attempt * 2 + pass}, so the maximum is the last attempt and carries its verdict), then per cell the
     * counts and the sequence. The latest trial's row is found again by its key (rank * ATTEMPTS_PER_RUN + attempt).
     */
    private static final String VERDICTS_TEMPLATE = "WITH ranked AS (SELECT run_id,"
            + " ROW_NUMBER() OVER (ORDER BY started_at NULLS FIRST, run_id {collation}) AS k FROM runs),"
            + " trials AS (SELECT c.cell, c.run_id,"
            + " MAX(c.attempt * 2 + CASE WHEN c.outcome = 'PASS' THEN 1 ELSE 0 END) AS latest"
            + " FROM cell_results c WHERE c.outcome NOT IN ('NOT_APPLICABLE', 'INFRA_ERROR') AND NOT c.simulated"
            + " AND (NOT c.install_reused OR c.tier = 'control') GROUP BY c.cell, c.run_id),"
            + " cells AS (SELECT t.cell, COUNT(*) AS trial_runs, SUM(t.latest % 2) AS passes,"
            + " string_agg(CASE WHEN t.latest % 2 = 1 THEN 'P' ELSE 'F' END, '' ORDER BY r.k) AS verdicts,"
            + " MAX(r.k * " + ATTEMPTS_PER_RUN + " + t.latest / 2) AS last"
            + " FROM trials t JOIN ranked r ON r.run_id = t.run_id GROUP BY t.cell HAVING COUNT(*) >= ?)"
            + " SELECT x.cell, c.method, c.tier, x.trial_runs, x.passes, x.verdicts, r.run_id, c.outcome"
            + " FROM cells x JOIN ranked r ON r.k = x.last / " + ATTEMPTS_PER_RUN
            + " JOIN cell_results c ON c.run_id = r.run_id AND c.cell = x.cell AND c.attempt = x.last % "
            + ATTEMPTS_PER_RUN;

    private final Connection connection;
    private final HistoryLocation location;

    HistoryQueries(Connection connection, HistoryLocation location) {
        this.connection = connection;
        this.location = location;
    }

    /** Result counts grouped per run; an unknown method or tier in the filter is bad input. */
    /** A statement and its parameters. */
    record Query(String sql, List<String> params) {
    }

    /** The counts of {@link #outcomeCounts}, grouped by the database and read from one covering index. */
    static Query outcomeCountsQuery(Filter filter) {
        List<String> params = new ArrayList<>();
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
            params.add(HistoryStore.TIME.format(filter.since().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (!filter.matrices().isEmpty()) {
            // As a list of run ids, not a condition on r.matrix: SQLite would then walk the runs by matrix and sort
            // 730,000 index entries for the GROUP BY (0.85 s) instead of reading them in run order (0.20 s).
            sql.append(" AND r.run_id IN (SELECT run_id FROM runs WHERE matrix IN (").append(filter.matrices()
                    .stream().map(m -> "?").collect(Collectors.joining(", "))).append("))");
            params.addAll(filter.matrices());
        }
        sql.append(" GROUP BY r.run_id, r.started_at, c.tier, c.method, c.outcome, c.simulated, c.install_reused");
        return new Query(sql.toString(), params);
    }

    List<OutcomeCount> outcomeCounts(Filter filter) throws SQLException {
        requireKnown("method", filter.method());
        requireKnown("tier", filter.tier());
        Query q = outcomeCountsQuery(filter);
        List<OutcomeCount> counts = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) {
                s.setString(i + 1, q.params().get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.add(new OutcomeCount(rs.getString(1), instant(rs.getString(2)), rs.getString(3),
                            rs.getString(4), Outcome.valueOf(rs.getString(5)), rs.getBoolean(6), rs.getBoolean(7),
                            rs.getLong(8)));
                }
            }
        }
        return counts;
    }

    /**
     * The verdicts of every cell id with a trial in at least {@code minRuns} runs, each cell's runs counted and its
     * verdict sequence joined by the database, so the rows of the history are never loaded.
     */
    void verdictsByCell(int minRuns, Consumer<CellVerdicts> sink) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                verdictsQuery(connection.getMetaData().getDatabaseProductName()))) {
            s.setFetchSize(FETCH);
            s.setInt(1, minRuns);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new CellVerdicts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), Outcome.valueOf(rs.getString(8))));
                }
            }
        }
    }

    /**
     * The statement of {@link #verdictsByCell} for a database product: run ids compared code point by code point
     * (as Java sorts them), whatever the database's locale.
     */
    static String verdictsQuery(String databaseProduct) {
        return VERDICTS_TEMPLATE.replace("{collation}", databaseProduct.toLowerCase(Locale.ROOT)
                .contains("postgres") ? "COLLATE \"C\"" : "COLLATE BINARY");
    }

    Size size() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM cell_results)")) {
            rs.next();
            return new Size(rs.getLong(1), rs.getLong(2));
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
    private void requireKnown(String column, String value) throws SQLException {
        if (value == null) {
            return;
        }
        List<String> known = distinct(column);
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
}
