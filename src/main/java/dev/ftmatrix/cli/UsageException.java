package dev.ftmatrix.cli;

import dev.ftmatrix.BadInputException;

/** A command was called in a way that cannot work; exit code 2. */
class UsageException extends BadInputException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
