package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one cell in its container, before any judgement: the steps that ran, or the
 * infrastructure error that stopped it. The results package classifies it. With {@code installReused} the
 * container started from a cached install and {@code install} is null.
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
        String infrastructureError,
        String cleanupError,
        boolean installReused,
        String cacheError) {
    /** The infrastructure error of a cell stopped because the run was stopped (SIGINT, SIGTERM). */
    public static final String INTERRUPTED = "interrupted";

    public CellExecution {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** This execution as cut short by a stopping run, whatever error the interrupt surfaced as. */
    CellExecution interrupted() {
        return new CellExecution(cell, recipe, image, startedAt, finishedAt, install, interpreter, probe, INTERRUPTED,
                cleanupError, installReused, cacheError);
    }
}
