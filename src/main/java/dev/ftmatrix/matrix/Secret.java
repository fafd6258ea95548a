package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret a method passes to its recipe ({@code secrets: {UV_INDEX_TOKEN: env:FTM_UV_TOKEN}}): the environment
 * variable of the orchestrator it is read from at run time, where it was declared (for the error when that variable
 * is missing), and once resolved its value. The value never appears in {@link #toString}.
 */
public record Secret(String variable, Path file, int line, int column, String path, String value) {
    public Secret {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
    }

    Secret resolved(String newValue) {
        return new Secret(variable, file, line, column, path, newValue);
    }

    @Override
    public String toString() {
        return "Secret[" + path + " = env:" + variable + (value == null ? "" : " (resolved)") + "]";
    }
}
