package dev.ftmatrix.run;

import dev.ftmatrix.engine.PullPolicy;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.Shard;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link RunService#run} needs: which cells, where results go, and how to run them. {@code only}, {@code skip}
 * and {@code shard} (null when not given) say how the cells were chosen, for run.json. {@code retries}: how many more
 * attempts a cell gets after an infrastructure error. {@code resume}: null for a new run; for {@code run --resume},
 * the plan of the run to finish ({@code cells} are then its remaining cells and {@code outDir} its directory).
 */
public record RunRequest(
        Matrix matrix,
        List<Cell> cells,
        String runId,
        Path outDir,
        int parallel,
        PullPolicy pull,
        String only,
        String skip,
        Shard shard,
        RecipeCatalog catalog,
        int retries,
        boolean reuseInstalls,
        ResumePlan resume) {
    public RunRequest {
        Objects.requireNonNull(matrix, "matrix");
        cells = List.copyOf(cells);
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(catalog, "catalog");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be positive: " + parallel);
        }
    }
}
