package dev.ftmatrix.results.history;

import dev.ftmatrix.BadInputException;

/**
 * The history cannot be used as given: a file that is no database, a URL without a driver, bad credentials, a
 * filter naming a method or tier the history does not have. Bad input (exit 2); the message says what to change.
 */
public final class HistoryInvalidException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public HistoryInvalidException(String message) {
        super(message);
    }

    HistoryInvalidException(String message, Throwable cause) {
        super(message, cause);
    }
}
