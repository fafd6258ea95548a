package dev.ftmatrix.matrix;

import java.time.Duration;
import java.util.Objects;

/**
 * One trial of one combination: the unit the engine realises in a container. The id is
 * {@code <os>/<method>/<python>#<repeat>}, repeat counted from 1.
 */
public record Cell(
        String matrixName,
        OsSpec os,
        MethodSpec method,
        PythonVersion python,
        int repeat,
        Duration timeout,
        NetworkMode network,
        Smoke smoke) {
    public Cell {
        Objects.requireNonNull(matrixName, "matrixName");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(smoke, "smoke");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat counts from 1: " + repeat);
        }
    }

    public String id() {
        return os.id() + "/" + method.id() + "/" + python + "#" + repeat;
    }
}
