package dev.ftmatrix.run;

import dev.ftmatrix.engine.EngineListener;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.RunInfo;
import java.nio.file.Path;

/** Engine progress plus the recorded result of each cell. Implementations must be thread-safe. */
public interface RunListener extends EngineListener {
    /** Before the run starts: containers of runs whose process is gone were removed ({@code ftmatrix gc}). */
    default void leftoversRemoved(long containers, long runs) {
    }

    /** {@code run --resume} cut a torn last line (a cell being written when the run was killed) off the journal. */
    default void tornLineRemoved(Path cellsFile, long bytes) {
    }

    default void runStarted(RunInfo info) {
    }

    default void cellRecorded(CellResult result, int finished, int total) {
    }

    /**
     * A signal stopped the run: {@code interrupted} running cells were recorded as interrupted, {@code notStarted}
     * never began. Called from the shutdown hook.
     */
    default void runStopped(RunInfo info, Path dir, int interrupted, int notStarted) {
    }

    /** An attempt the machine failed, recorded; the cell runs again with {@code retriesLeft - 1} retries after. */
    default void attemptFailed(CellResult result, int retriesLeft) {
    }
}
