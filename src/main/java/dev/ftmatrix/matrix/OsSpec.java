package dev.ftmatrix.matrix;

import java.util.Objects;

/**
 * One entry of the matrix's {@code os} axis: an id used in cell ids and what realises it, an image, or with
 * {@code executor: host} the machine ftmatrix runs on (a macOS or Windows agent), which has no image.
 * {@code family} is what recipes name as their platforms ({@link OsFamily}): given, or told by the image or the
 * host row's id; null where neither tells it (an image such as {@code python:3.13}, a host row such as
 * {@code this-machine}, which is whatever machine runs it).
 */
public record OsSpec(String id, String image, Executor executor, String family) {
    public OsSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(executor, "executor");
        if ((image == null) != (executor == Executor.HOST)) {
            throw new IllegalArgumentException("an image goes with the container executor, and only with it");
        }
    }

    /** A container row whose family is the one its image's name tells, if any. */
    public OsSpec(String id, String image) {
        this(id, image, Executor.CONTAINER, OsFamily.ofImage(image).orElse(null));
    }

    /** A host row whose family is the one its id tells, if any. */
    public static OsSpec host(String id) {
        return new OsSpec(id, null, Executor.HOST, OsFamily.ofHostId(id).orElse(null));
    }

    public boolean onHost() {
        return executor == Executor.HOST;
    }
}
