package dev.ftmatrix;

/**
 * The user asked for something that cannot work as given: a matrix, a file, a directory, an option. The message
 * says what to change. Exit code 2.
 */
public non-sealed class BadInputException extends FtmatrixException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
