package dev.ftmatrix.results.history;

import dev.ftmatrix.InfrastructureException;

/** The history database cannot be reached, or another writer held it past the lock timeout (exit 3). */
public final class HistoryUnavailableException extends InfrastructureException {
    private static final long serialVersionUID = 1L;

    HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
