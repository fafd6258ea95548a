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
        InfraFailure infrastructureError,
        String cleanupError,
        boolean installReused,
        String cacheError) {
    public CellExecution {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** This execution as cut short by a stopping run (SIGINT, SIGTERM), whatever error the interrupt surfaced as. */
    CellExecution interrupted() {
        return new CellExecution(cell, recipe, image, startedAt, finishedAt, install, interpreter, probe,
                new InfraFailure(InfraFailure.INTERRUPTED, "the run was interrupted"), cleanupError, installReused,
                cacheError);
    }
}
