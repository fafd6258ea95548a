package dev.ftmatrix;

/**
 * Root of every failure ftmatrix reports on purpose. It has exactly two kinds, and the kind alone decides the exit
 * code: {@link BadInputException} (2) and {@link InfrastructureException} (3). Subclasses of those are named for the
 * phase that failed and carry its data. Anything else that escapes a command is a bug (exit 1).
 */
public abstract sealed class FtmatrixException extends RuntimeException
        permits BadInputException, InfrastructureException {
    private static final long serialVersionUID = 1L;

    protected FtmatrixException(String message) {
        super(message);
    }

    protected FtmatrixException(String message, Throwable cause) {
        super(message, cause);
    }
}
