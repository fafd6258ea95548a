package dev.ftmatrix.engine;

/** Receives every attempt of every cell, from worker threads, as soon as it ends. */
@FunctionalInterface
public interface CellSink {
    /**
     * Records one attempt ({@code attempt} counts from 1; {@code retriesLeft} more are allowed) and says whether to
     * run the cell again: only when the machine failed it and a retry is left.
     */
    boolean accept(CellExecution execution, int attempt, int retriesLeft);
}
