package dev.ftmatrix;

/**
 * Root of every failure ftmatrix reports on purpose. Subclasses are named for the phase that failed
 * and carry its data; the CLI maps each to an exit code in one place.
 */
public class FtmatrixException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FtmatrixException(String message) {
        super(message);
    }

    public FtmatrixException(String message, Throwable cause) {
        super(message, cause);
    }
}
