package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a matrix file, at a 1-based line and column. Prints as {@code FILE:LINE:COLUMN: message}
 * with the file as the user named it, so editors and terminals can jump to it.
 */
public record Problem(Path file, int line, int column, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1: " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
