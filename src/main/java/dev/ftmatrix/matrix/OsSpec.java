package dev.ftmatrix.matrix;

import java.util.Objects;

/** One entry of the matrix's {@code os} axis: an id used in cell ids and the image that realises it. */
public record OsSpec(String id, String image) {
    public OsSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
    }
}
