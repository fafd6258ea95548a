package dev.ftmatrix.engine;

import java.util.Objects;

/**
 * Why the machine, not the method, stopped a cell: a category ({@link #DAEMON}, {@link #IMAGE}, {@link #OOM},
 * {@link #INTERRUPTED}, {@link #UNSUPPORTED}, {@link #HOST}, {@link #INTERNAL}, {@link #INPUT}) and a one-line
 * detail; or, with {@link #NOT_APPLICABLE}, why the cell was not run at all.
 */
public record InfraFailure(String category, String detail) {
    /** The daemon was unreachable, restarted, or lost the container while the cell ran. */
    public static final String DAEMON = "daemon";
    /** The cell's image was gone from the daemon when its container was created. */
    public static final String IMAGE = "image";
    /** A step was killed for reaching the container's memory limit, a limit ftmatrix set. */
    public static final String OOM = "oom";
    /** The run is stopping; the cell was cut short. */
    public static final String INTERRUPTED = "interrupted";
    /**
     * Not a failure: the cell was not run because it cannot apply here (a macOS host row on a Linux machine). Its
     * result is {@code NOT_APPLICABLE}, never a trial.
     */
    public static final String NOT_APPLICABLE = "not-applicable";
    /** The cell cannot run on this executor at all (a PowerShell recipe in a Linux container). */
    public static final String UNSUPPORTED = "unsupported";
    /** The host executor could not prepare or clean the cell's directory. */
    public static final String HOST = "host";
    /** ftmatrix itself failed around the cell; running it again would fail the same way. */
    public static final String INTERNAL = "internal";
    /**
     * The cell's own inputs could not be handed to a process: the kernel refused the exec (E2BIG, "Argument list too
     * long") for the size of its arguments or environment. Running it again would fail the same way.
     */
    public static final String INPUT = "input";

    public InfraFailure {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(detail, "detail");
    }
}
