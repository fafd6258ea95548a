package dev.ftmatrix.matrix;

import java.util.Objects;

/**
 * One entry of the matrix's {@code os} axis: an id used in cell ids and what realises it, an image, or with
 * {@code executor: host} the machine ftmatrix runs on (a macOS or Windows agent), which has no image.
 */
public record OsSpec(String id, String image, Executor executor) {
    public OsSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(executor, "executor");
        if ((image == null) != (executor == Executor.HOST)) {
            throw new IllegalArgumentException("an image goes with the container executor, and only with it");
        }
    }

    public OsSpec(String id, String image) {
        this(id, image, Executor.CONTAINER);
    }

    public static OsSpec host(String id) {
        return new OsSpec(id, null, Executor.HOST);
    }

    public boolean onHost() {
        return executor == Executor.HOST;
    }
}
