package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Collects the problems of one matrix file, so that all of them are reported at once. */
final class Problems {
    private static final int MANY = 100;

    private final Path file;
    private final UnaryOperator<String> wording;
    private final List<Problem> found = new ArrayList<>();

    Problems(Path file) {
        this(file, UnaryOperator.identity());
    }

    /** @param wording turns a message about a matrix into one about the file being read (a repro report) */
    Problems(Path file, UnaryOperator<String> wording) {
        this.file = file;
        this.wording = wording;
    }

    void add(Pos at, String message) {
        found.add(new Problem(file, at.line(), at.column(), wording.apply(message)));
    }

    /**
     * Whether so many problems were found that hints (suggestions, lists of ids) are left out of further ones: a file
     * of thousands of wrong references is told so at once, not after comparing each with every id.
     */
    boolean many() {
        return found.size() >= MANY;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    MatrixInvalidException exception() {
        return new MatrixInvalidException(found);
    }
}
