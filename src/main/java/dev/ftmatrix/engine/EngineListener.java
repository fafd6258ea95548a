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

    /**
     * Pulling {@code image} failed ({@code error}) on attempt {@code attempt}; it is tried again after
     * {@code backoffSeconds}, {@code retriesLeft} times at most.
     */
    default void pullFailed(String image, int attempt, String error, long backoffSeconds, int retriesLeft) {
    }
}
