package dev.ftmatrix.cli;

import dev.ftmatrix.BadInputException;
import dev.ftmatrix.InfrastructureException;


/** Every exit code ftmatrix uses, and the one place that maps a failure to one. */
final class ExitCodes {
    /** Done; for {@code run}: every cell was executed, whatever its outcome. */
    static final int OK = 0;
    /** A bug in ftmatrix, or a failure nobody anticipated. */
    static final int INTERNAL = 1;
    /** Bad input or usage: the message says what to change. */
    static final int USAGE = 2;
    /** The machine lacks something a run needs (Docker daemon, an image), or the history database is unreachable. */
    static final int INFRASTRUCTURE = 3;
    /** {@code repro}: the cell ran, but did not give the expected failure. */
    static final int NOT_REPRODUCED = 4;
    /** {@code report --fail-on}: the results make the build UNSTABLE (verdict.txt says why). */
    static final int VERDICT_UNSTABLE = 5;
    /** {@code report --fail-on}: the results make the build FAILURE (verdict.txt says why). */
    static final int VERDICT_FAILURE = 6;
    /**
     * A run stopped by a signal (its cells so far recorded; finish it with run --resume). The JVM itself exits
     * with 128 + the signal's number once the shutdown hook has ended the run: 130 for SIGINT, 143 for SIGTERM.
     */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** Decided by the failure's kind alone, so a new exception is placed by the class it extends. */
    static int of(Throwable t) {
        if (t instanceof BadInputException) {
            return USAGE;
        }
        if (t instanceof InfrastructureException) {
            return INFRASTRUCTURE;
        }
        return INTERNAL;
    }
}
