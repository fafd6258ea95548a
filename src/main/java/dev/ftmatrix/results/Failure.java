package dev.ftmatrix.results;

import java.util.Objects;

/** Why a cell did not pass: a short machine-readable category and a one-line detail for people. */
public record Failure(String category, String detail) {
    public Failure {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(detail, "detail");
    }
}
