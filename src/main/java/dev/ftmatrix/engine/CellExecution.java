package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one cell in its container, before any judgement: the steps that ran, or the
 * infrastructure error that stopped it. The results package classifies it. With {@code installReused} the
 * container started from a cached install and {@code install} is null. {@code timing}: the timing phase, run under
 * the timing lock after the probe (null when it did not run); {@code memory}: the container's peak memory (null on
 * the host executor).
 */
public record CellExecution(
        Cell cell,
        Recipe recipe,
        ResolvedImage image,
        Instant startedAt,
        Instant finishedAt,
        StepResult install,
        String interpreter,
        StepResult probe,
        InfraFailure infrastructureError,
        String cleanupError,
        boolean installReused,
        String cacheError,
        Timing timing,
        PeakMemory memory) {
    public CellExecution {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** A cell that measured nothing: it stopped before its probe. */
    public CellExecution(Cell cell, Recipe recipe, ResolvedImage image, Instant startedAt, Instant finishedAt,
            StepResult install, String interpreter, StepResult probe, InfraFailure infrastructureError,
            String cleanupError, boolean installReused, String cacheError) {
        this(cell, recipe, image, startedAt, finishedAt, install, interpreter, probe, infrastructureError, cleanupError,
                installReused, cacheError, null, null);
    }

    /**
     * The timing phase: its step, the window in which this cell held the timing lock, and the GIL twin it timed
     * next to the interpreter ({@code twin} null when there was none; {@code twinError} says why, in the recipe's
     * words).
     */
    public record Timing(StepResult step, Instant startedAt, Instant finishedAt, String twin, String twinError) {
        public Timing {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }
    }

    /**
     * The container's peak memory as its memory cgroup counts it (page cache included), read after the install
     * and after the probe; null where it could not be read or the step did not run (a reused install).
     */
    public record PeakMemory(Long installPeakBytes, Long probePeakBytes) {
    }

    /** This execution as cut short by a stopping run (SIGINT, SIGTERM), whatever error the interrupt surfaced as. */
    CellExecution interrupted() {
        return new CellExecution(cell, recipe, image, startedAt, finishedAt, install, interpreter, probe,
                new InfraFailure(InfraFailure.INTERRUPTED, "the run was interrupted"), cleanupError, installReused,
                cacheError, timing, memory);
    }
}
