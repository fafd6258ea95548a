package dev.ftmatrix.results.history;

import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.history.HistoryStore.Attempt;
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
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What {@code history trend}, {@code history flaky} and {@code report --history} ask of the history: counts
 * aggregated in SQL, attempts streamed in cell order, and the check that a filter names something the history
 * holds. The counts and the attempts each read one covering index (migration V2), not the table.
 */
final class HistoryQueries {
    private static final int FETCH = 500;
    /** Every attempt in cell order, read from one covering index. */
    static final String ATTEMPTS = "SELECT c.cell, c.run_id, r.started_at, c.attempt, c.method, c.tier, c.outcome,"
            + " c.simulated, c.install_reused FROM cell_results c JOIN runs r ON r.run_id = c.run_id ORDER BY c.cell";

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
            sql.append(" AND r.matrix IN (").append(filter.matrices().stream().map(m -> "?")
                    .collect(Collectors.joining(", "))).append(')');
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
     * Streams every stored attempt, grouped by cell (all attempts of a cell are delivered together, in no
     * particular order within the cell), so a long history never sits in memory whole.
     */
    void attemptsByCell(Consumer<Attempt> sink) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery(ATTEMPTS)) {
                while (rs.next()) {
                    sink.accept(new Attempt(rs.getString(1), rs.getString(2), instant(rs.getString(3)), rs.getInt(4),
                            rs.getString(5), rs.getString(6), Outcome.valueOf(rs.getString(7)), rs.getBoolean(8),
                            rs.getBoolean(9)));
                }
            }
        }
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
