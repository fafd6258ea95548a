package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;

/**
 * Progress of a run as it happens. Cells run concurrently, so implementations must be thread-safe.
 */
public interface EngineListener {
    default void cellStarted(Cell cell) {
    }

    default void stepFinished(Cell cell, StepResult step) {
    }
}
