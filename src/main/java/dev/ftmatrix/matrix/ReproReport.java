package dev.ftmatrix.matrix;

import java.util.Objects;

/**
 * A failure someone reported, to replay: the one cell to run (built as a matrix of one cell, so it is validated
 * and run like any other) and what the reporter saw: the outcome, optionally its category, and optionally a text
 * from their log.
 */
public record ReproReport(Matrix matrix, String outcome, String category, String text) {
    public ReproReport {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(outcome, "outcome");
    }

    public Cell cell() {
        return Matrices.expand(matrix).get(0);
    }
}
