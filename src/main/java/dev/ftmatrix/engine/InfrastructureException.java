package dev.ftmatrix.engine;

import dev.ftmatrix.FtmatrixException;

/**
 * Something a run needs from the machine is not there: the Docker daemon, an image. Not a result about any
 * install method; the message says how to provide what is missing.
 */
public class InfrastructureException extends FtmatrixException {
    private static final long serialVersionUID = 1L;

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
