package dev.ftmatrix;

/**
 * Something ftmatrix needs from the machine is not there: the Docker daemon, an image, the history database, a host
 * tool. Not a result about any install method; the message says how to provide what is missing. Exit code 3.
 */
public non-sealed class InfrastructureException extends FtmatrixException {
    private static final long serialVersionUID = 1L;

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
