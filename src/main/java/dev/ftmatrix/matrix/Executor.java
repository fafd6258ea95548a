package dev.ftmatrix.matrix;

import java.util.Locale;

/** Where a cell runs: in a fresh container of its image (the default), or as local processes on this machine. */
public enum Executor {
    CONTAINER, HOST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
