package dev.ftmatrix.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ftmatrix.matrix.ResourceLimits;
import dev.ftmatrix.probe.ProbeReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished cell: which trial of which cell it was, what it was made of, the verdict, how the execution went,
 * what the timing phase measured under, the probe's report (null when the probe did not run) and what replaying
 * it needs. In {@code cells.jsonl} it is one flat object of snake_case fields ({@link CellLine}), as it has always
 * been; the log file holds the full step output.
 */
public record CellResult(
        Identity identity,
        Setup setup,
        Verdict verdict,
        Execution execution,
        Measurement measurement,
        ProbeReport probe,
        Replay replay) {
    public CellResult {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(replay, "replay");
    }

    /**
     * Which trial this is. {@code attempt}: 1 for a cell's first execution; a cell re-run after an infrastructure
     * error is recorded again with the next attempt number, so the journal keeps every attempt and the last one is
     * the trial.
     */
    public record Identity(String runId, String cell, String matrix, String tier, String python, int repeat,
            int attempt) {
        public Identity {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(cell, "cell");
            // Files written before attempts were recorded have none: their cells ran once.
            attempt = Math.max(attempt, 1);
        }
    }

    /** What the cell was made of: the OS row and the image that realised it, the install method and its recipe. */
    public record Setup(String os, String image, String imageDigest, String method, String recipe,
            String recipeSha256, Map<String, String> parameters) {
        public Setup {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    /** The judgement: the outcome, why it is not a pass (null for a pass), and what deserves a look anyway. */
    public record Verdict(Outcome outcome, Failure failure, List<String> warnings) {
        public Verdict {
            Objects.requireNonNull(outcome, "outcome");
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /**
     * How the execution went. {@code installReused}: the cell started from a cached install
     * ({@code run --reuse-installs}), so it is no evidence about the install method.
     */
    public record Execution(String interpreter, Durations durations, Instant startedAt, Instant finishedAt,
            String log, String cleanupError, boolean installReused, boolean simulated) {
        /** The same execution with its log at another path (or none). */
        Execution withLog(String newLog) {
            return new Execution(interpreter, durations, startedAt, finishedAt, newLog, cleanupError, installReused,
                    simulated);
        }
    }

    /**
     * What the timing phase measured under. {@code limits}: what the container was allowed to use (null for host
     * cells and for files written before limits were recorded). {@code timing}: when this cell held the run-wide
     * timing lock, so anyone can check that no two cells timed at once (null when the timing phase did not run);
     * {@code memory}: the container's peak memory after the install and after the probe (null for host cells and
     * files written before it was recorded).
     */
    public record Measurement(ResourceLimits limits, Timing timing, PeakMemory memory) {
        /** Nothing measured, as host cells and files written before these were recorded have. */
        public static final Measurement NONE = new Measurement(null, null, null);
    }

    /**
     * What replaying the cell needs: {@code dockerVersion} is the engine's (null on the host executor) and
     * {@code environment} the recipe's inputs, secrets shown as {@code ***}. Results written before these were
     * recorded have nulls and an empty environment.
     */
    public record Replay(String ftmatrixVersion, String dockerVersion, Map<String, String> environment) {
        /** Nothing recorded, as files written before replay existed hold. */
        public static final Replay NONE = new Replay(null, null, Map.of());

        public Replay {
            environment = environment == null ? Map.of() : Map.copyOf(environment);
        }
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

    /** A line of {@code cells.jsonl} read into a result; a bad value in it surfaces as an instantiation error. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CellResult of(CellLine line) {
        return line.toResult();
    }

    /** The result as its line of {@code cells.jsonl}. */
    @JsonValue
    CellLine line() {
        return CellLine.of(this);
    }

    /** The same result with its log at another path (or none). */
    CellResult withLog(String newLog) {
        return new CellResult(identity, setup, verdict, execution.withLog(newLog), measurement, probe, replay);
    }
}
