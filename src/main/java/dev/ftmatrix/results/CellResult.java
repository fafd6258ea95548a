package dev.ftmatrix.results;

import dev.ftmatrix.matrix.ResourceLimits;
import dev.ftmatrix.probe.ProbeReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished cell as recorded in {@code cells.jsonl} (snake_case field names). Everything a report or a
 * replay needs is here; the log file holds the full step output. {@code installReused}: the cell started from a
 * cached install ({@code run --reuse-installs}), so it is no evidence about the install method. {@code attempt}:
 * 1 for a cell's first execution; a cell re-run after an infrastructure error is recorded again with the next
 * attempt number, so the journal keeps every attempt and the last one is the trial. {@code ftmatrixVersion},
 * {@code dockerVersion} (the engine's; null on the host executor) and {@code environment} (the recipe's inputs, secrets
 * shown as {@code ***}) are for replaying the cell; results written before they were recorded have null and an empty
 * environment. {@code limits}: what the container was allowed to use (null for host cells and for files written
 * before limits were recorded). {@code timing}: when this cell held the run-wide timing lock, so anyone can check that
 * no two cells timed at once (null when the timing phase did not run); {@code memory}: the container's peak memory
 * after the install and after the probe (null for host cells and files written before it was recorded).
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
        int attempt,
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
        boolean simulated,
        String ftmatrixVersion,
        String dockerVersion,
        Map<String, String> environment,
        ResourceLimits limits,
        Timing timing,
        PeakMemory memory) {
    public CellResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(outcome, "outcome");
        // Files written before attempts were recorded have none: their cells ran once.
        attempt = Math.max(attempt, 1);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** A result without what replaying needs, as files written before it was recorded hold. */
    public CellResult(String runId, String cell, String matrix, String os, String image, String imageDigest,
            String method, String recipe, String recipeSha256, Map<String, String> parameters, String tier,
            String python, int repeat, int attempt, Outcome outcome, Failure failure, List<String> warnings,
            String interpreter, Durations durations, Instant startedAt, Instant finishedAt, ProbeReport probe,
            String log, String cleanupError, boolean installReused, boolean simulated) {
        this(runId, cell, matrix, os, image, imageDigest, method, recipe, recipeSha256, parameters, tier, python,
                repeat, attempt, outcome, failure, warnings, interpreter, durations, startedAt, finishedAt, probe, log,
                cleanupError, installReused, simulated, null, null, null, null, null, null);
    }

    /** The window in which the cell's timing phase ran alone. */
    public record Timing(Instant startedAt, Instant finishedAt) {
        public Timing {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }

        public boolean overlaps(Timing other) {
            return startedAt.isBefore(other.finishedAt) && other.startedAt.isBefore(finishedAt);
        }
    }

    /**
     * Peak bytes of the container's memory cgroup (page cache included, so an upper bound on what the steps
     * needed): at the end of the install, and at the end of the probe (install, venv and packages together).
     */
    public record PeakMemory(Long installPeakBytes, Long probePeakBytes) {
    }

    /** The same result with its log at another path (or none). */
    CellResult withLog(String newLog) {
        return new CellResult(runId, cell, matrix, os, image, imageDigest, method, recipe, recipeSha256, parameters,
                tier, python, repeat, attempt, outcome, failure, warnings, interpreter, durations, startedAt, finishedAt,
                probe, newLog, cleanupError, installReused, simulated, ftmatrixVersion, dockerVersion, environment,
                limits, timing, memory);
    }
}
