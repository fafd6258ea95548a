package dev.ftmatrix.results.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.CellResult;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** A run as stored: what run.json and the run's cells say, merged over every import. */
record RunRow(String runId, String matrix, String matrixSha256, String ftmatrixVersion, String status,
        String startedAt, String finishedAt, String shard) {
    RunRow {
        Objects.requireNonNull(runId, "runId");
    }

    static RunRow fromCell(CellResult r) {
        return new RunRow(r.identity().runId(), r.identity().matrix(), null, null, null,
                r.execution().startedAt() == null ? null : HistoryStore.TIME.format(r.execution().startedAt()),
                r.execution().finishedAt() == null ? null : HistoryStore.TIME.format(r.execution().finishedAt()), null);
    }

    static RunRow fromRunJson(JsonNode n) {
        String runId = text(n, "run_id");
        if (runId == null) {
            return null;
        }
        return new RunRow(runId, text(n, "matrix"), text(n, "matrix_sha256"), text(n, "ftmatrix_version"),
                text(n, "status"), time(text(n, "started_at")), time(text(n, "finished_at")), text(n, "shard"));
    }

    /**
     * This row with what {@code other} adds: its values where it has them, the earlier start and later finish
     * (a run imported in parts spans all of them), and every shard either names.
     */
    RunRow merge(RunRow other) {
        if (other == null) {
            return this;
        }
        return new RunRow(runId, pick(other.matrix, matrix), pick(other.matrixSha256, matrixSha256),
                pick(other.ftmatrixVersion, ftmatrixVersion), pick(other.status, status),
                earliest(startedAt, other.startedAt), latest(finishedAt, other.finishedAt),
                shards(shard, other.shard));
    }

    private static String pick(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static String earliest(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String latest(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    private static String shards(String a, String b) {
        SortedSet<String> all = new TreeSet<>();
        for (String s : new String[] {a, b}) {
            if (s != null && !s.isBlank()) {
                all.addAll(Arrays.asList(s.split(",")));
            }
        }
        return all.isEmpty() ? null : String.join(",", all);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return HistoryStore.TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
