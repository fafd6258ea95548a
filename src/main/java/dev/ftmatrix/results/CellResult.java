package dev.ftmatrix.results;

import dev.ftmatrix.probe.ProbeReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished cell as recorded in {@code cells.jsonl} (snake_case field names). Everything a report or a
 * replay needs is here; the log file holds the full step output. {@code installReused}: the cell started from a
 * cached install ({@code run --reuse-installs}), so it is no evidence about the install method.
 */
public record CellResult(
        String runId,
        String cell,
        String matrix,
        String os,
        String image,
        String imageDigest,
        String method,
        String recipe,
        String recipeSha256,
        Map<String, String> parameters,
        String tier,
        String python,
        int repeat,
        Outcome outcome,
        Failure failure,
        List<String> warnings,
        String interpreter,
        Durations durations,
        Instant startedAt,
        Instant finishedAt,
        ProbeReport probe,
        String log,
        String cleanupError,
        boolean installReused,
        boolean simulated) {
    public CellResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(outcome, "outcome");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
