package dev.ftmatrix.results.history;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result directories made up for history tests, written as {@code ftmatrix run} writes them, and a checksum of a
 * table's content for proving that an import changed nothing.
 */
public final class HistoryFixtures {
    /** The report fixture: one run, 23 result lines (src/test/resources/report/fixture). */
    public static final Path REPORT_FIXTURE = Path.of("src/test/resources/report/fixture");

    private HistoryFixtures() {
    }

    /**
     * A result line of cell {@code <os>/<method>/<python>#<repeat>}; the run's start plus a minute per repeat is
     * when it finished. Failing outcomes carry a failure category named after the outcome.
     */
    public static CellResult result(String runId, Instant runStart, String cell, int attempt, String tier,
            Outcome outcome, boolean simulated, boolean installReused) {
        String[] parts = cell.split("[/#]");
        int repeat = Integer.parseInt(parts[3]);
        Instant finished = runStart.plusSeconds(60L * repeat + attempt);
        Failure failure = outcome == Outcome.PASS ? null
                : new Failure(outcome.name().toLowerCase(java.util.Locale.ROOT), "made up for a test");
        return new CellResult(new CellResult.Identity(runId, cell, "history-test", tier, parts[2], repeat, attempt),
                new CellResult.Setup(parts[0], "img:" + parts[0], null, parts[1], parts[1], null, Map.of()),
                new CellResult.Verdict(outcome, failure, List.of()),
                new CellResult.Execution(null, new Durations(installReused ? null : 10.0 * repeat, 1.0, 11.0), runStart,
                        finished, null, null, installReused, simulated),
                CellResult.Measurement.NONE, null, CellResult.Replay.NONE);
    }

    /** Writes {@code dir/cells.jsonl} (and {@code dir/run.json} when {@code runJson} is not null). */
    public static Path writeRun(Path dir, Map<String, Object> runJson, List<CellResult> results) throws IOException {
        Files.createDirectories(dir);
        StringBuilder lines = new StringBuilder();
        for (CellResult r : results) {
            lines.append(Json.MAPPER.writeValueAsString(r)).append('\n');
        }
        Files.writeString(dir.resolve("cells.jsonl"), lines, StandardCharsets.UTF_8);
        if (runJson != null) {
            Files.write(dir.resolve("run.json"), Json.MAPPER.writeValueAsBytes(runJson));
        }
        return dir;
    }

    /** A run.json with the fields the history reads. */
    public static Map<String, Object> runJson(String runId, String status, Instant started, Instant finished,
            String shard) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("status", status);
        m.put("matrix", "history-test");
        m.put("matrix_sha256", "ab".repeat(32));
        m.put("ftmatrix_version", "0.1.0-test");
        m.put("started_at", started.toString());
        m.put("finished_at", finished == null ? null : finished.toString());
        m.put("shard", shard);
        return m;
    }

    public static final String RUN_A = "20261116-100000-aaaa";
    public static final String RUN_B = "20261118-090000-bbbb";
    public static final String RUN_C = "20261123-080000-cccc";
    public static final String RUN_D = "20261125-070000-dddd";

    /**
     * Four runs over two ISO weeks (A and B in 2026-W47, C and D in 2026-W48), os debian, python 3.13t, for hand
     * counting. B has no run.json, so its times come from its cells. P pass, F fail, I infrastructure error:
     *
     * <pre>
     *            A (Mon 16th)        B (Wed 18th)  C (Mon 23rd)  D (Wed 25th)
     *  uv #1     P                   P             F             P
     *  uv #2     P                   F             F             F
     *  uv #3     F                   P             P             F
     *  uv #4     I, then P (retry)   P             I             P
     *  conda #1  P                   P             P
     *  conda #2  F (timeout)         P             P
     *  uv-fake   P simulated (tier 1)
     *  source #1 P reused install (tier 4)
     *  distro-apt (control) #1 NOT_FREE_THREADED, #2 PASS, #3 NOT_FREE_THREADED reused
     * </pre>
     */
    public static List<Path> fourRuns(Path root) throws IOException {
        Instant a = Instant.parse("2026-11-16T10:00:00Z");
        Instant b = Instant.parse("2026-11-18T09:00:00Z");
        Instant c = Instant.parse("2026-11-23T08:00:00Z");
        Instant d = Instant.parse("2026-11-25T07:00:00Z");
        Outcome pass = Outcome.PASS;
        Outcome fail = Outcome.INSTALL_FAILED;
        Outcome infra = Outcome.INFRA_ERROR;
        List<Path> dirs = new ArrayList<>();
        dirs.add(writeRun(root.resolve("a"), runJson(RUN_A, "complete", a, a.plusSeconds(3600), null), List.of(
                result(RUN_A, a, "debian/uv/3.13t#1", 1, "1", pass, false, false),
                result(RUN_A, a, "debian/uv/3.13t#2", 1, "1", pass, false, false),
                result(RUN_A, a, "debian/uv/3.13t#3", 1, "1", fail, false, false),
                result(RUN_A, a, "debian/uv/3.13t#4", 1, "1", infra, false, false),
                result(RUN_A, a, "debian/uv/3.13t#4", 2, "1", pass, false, false),
                result(RUN_A, a, "debian/conda/3.13t#1", 1, "2", pass, false, false),
                result(RUN_A, a, "debian/conda/3.13t#2", 1, "2", Outcome.TIMEOUT, false, false),
                result(RUN_A, a, "debian/uv-fake/3.13t#1", 1, "1", pass, true, false),
                result(RUN_A, a, "debian/source/3.13t#1", 1, "4", pass, false, true),
                result(RUN_A, a, "debian/distro-apt/3.13t#1", 1, "control", Outcome.NOT_FREE_THREADED, false, false),
                result(RUN_A, a, "debian/distro-apt/3.13t#2", 1, "control", pass, false, false),
                result(RUN_A, a, "debian/distro-apt/3.13t#3", 1, "control", Outcome.NOT_FREE_THREADED, false,
                        true))));
        dirs.add(writeRun(root.resolve("b"), null, List.of(
                result(RUN_B, b, "debian/uv/3.13t#1", 1, "1", pass, false, false),
                result(RUN_B, b, "debian/uv/3.13t#2", 1, "1", fail, false, false),
                result(RUN_B, b, "debian/uv/3.13t#3", 1, "1", pass, false, false),
                result(RUN_B, b, "debian/uv/3.13t#4", 1, "1", pass, false, false),
                result(RUN_B, b, "debian/conda/3.13t#1", 1, "2", pass, false, false),
                result(RUN_B, b, "debian/conda/3.13t#2", 1, "2", pass, false, false))));
        dirs.add(writeRun(root.resolve("c"), runJson(RUN_C, "complete", c, c.plusSeconds(3600), null), List.of(
                result(RUN_C, c, "debian/uv/3.13t#1", 1, "1", fail, false, false),
                result(RUN_C, c, "debian/uv/3.13t#2", 1, "1", fail, false, false),
                result(RUN_C, c, "debian/uv/3.13t#3", 1, "1", pass, false, false),
                result(RUN_C, c, "debian/uv/3.13t#4", 1, "1", infra, false, false),
                result(RUN_C, c, "debian/conda/3.13t#1", 1, "2", pass, false, false),
                result(RUN_C, c, "debian/conda/3.13t#2", 1, "2", pass, false, false))));
        dirs.add(writeRun(root.resolve("d"), runJson(RUN_D, "complete", d, d.plusSeconds(3600), null), List.of(
                result(RUN_D, d, "debian/uv/3.13t#1", 1, "1", pass, false, false),
                result(RUN_D, d, "debian/uv/3.13t#2", 1, "1", fail, false, false),
                result(RUN_D, d, "debian/uv/3.13t#3", 1, "1", fail, false, false),
                result(RUN_D, d, "debian/uv/3.13t#4", 1, "1", pass, false, false))));
        return dirs;
    }

    /** SHA-256 over every row of a table in key order, every column as text: equal content, equal checksum. */
    public static String checksum(String jdbcUrl, String table, String orderBy) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int columns = rs.getMetaData().getColumnCount();
            long rows = 0;
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= columns; i++) {
                    sha.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
                sha.update((byte) '\n');
            }
            return rows + " rows, sha256 " + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** One row per line of a query's result, columns separated by '|': compact expectations. */
    public static List<String> rows(String jdbcUrl, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
