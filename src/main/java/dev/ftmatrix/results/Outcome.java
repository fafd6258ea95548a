package dev.ftmatrix.results;

/** The verdict on one cell. The names are part of the user-facing contract (docs/results.md, reports). */
public enum Outcome {
    /** Installed, free-threaded, GIL off throughout, venv and pip work. */
    PASS,
    /** The interpreter runs but was not built with --disable-gil (Py_GIL_DISABLED != 1). */
    NOT_FREE_THREADED,
    /** A free-threaded build whose GIL was on at start or came back on during the smoke steps. */
    GIL_REENABLED,
    /** The venv could not be created, lost free-threading, or has no working pip. */
    VENV_FAILED,
    /** A smoke-tested package failed to install, import or pass its check. */
    PACKAGE_FAILED,
    /** The recipe failed; the failure carries the recipe's category. */
    INSTALL_FAILED,
    /** The cell exceeded its timeout. */
    TIMEOUT,
    /** The interpreter died or the probe printed no report. */
    CRASHED,
    /** The machine failed the cell (daemon, container, missing exit code): says nothing about the method. */
    INFRA_ERROR,
    /**
     * The cell cannot apply here and was not run: a host row of another OS family than this machine's, or a recipe
     * on a platform it does not declare. The failure's detail says which; it is never a trial of the method.
     */
    NOT_APPLICABLE
}
