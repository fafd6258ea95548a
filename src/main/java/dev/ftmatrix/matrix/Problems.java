package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one matrix file, so that all of them are reported at once. */
final class Problems {
    private final Path file;
    private final List<Problem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(Pos at, String message) {
        found.add(new Problem(file, at.line(), at.column(), message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    MatrixInvalidException exception() {
        return new MatrixInvalidException(found);
    }
}
