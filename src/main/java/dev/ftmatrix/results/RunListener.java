package dev.ftmatrix.results;

import dev.ftmatrix.engine.EngineListener;

/** Engine progress plus the recorded result of each cell. Implementations must be thread-safe. */
public interface RunListener extends EngineListener {
    default void runStarted(RunInfo info) {
    }

    default void cellRecorded(CellResult result, int finished, int total) {
    }

    /** An attempt the machine failed, recorded; the cell runs again with {@code retriesLeft - 1} retries after. */
    default void attemptFailed(CellResult result, int retriesLeft) {
    }
}
