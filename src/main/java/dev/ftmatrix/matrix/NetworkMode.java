package dev.ftmatrix.matrix;

import java.util.Locale;

/** How a cell's container reaches the network; {@code host} is how recipes reach a package mirror here. */
public enum NetworkMode {
    NONE, HOST, BRIDGE;

    /** The Docker network mode name. */
    public String dockerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
