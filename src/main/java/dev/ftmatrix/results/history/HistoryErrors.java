package dev.ftmatrix.results.history;

import dev.ftmatrix.FtmatrixException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A database failure as the user should read it: which history, what went wrong, what to do. Locks and
 * unreachable servers are the machine's (exit 3); a file that is no database, a missing driver, bad credentials
 * or an unknown database name are the input's (exit 2). The one place SQLite's and PostgreSQL's errors are told
 * apart.
 */
final class HistoryErrors {
    private HistoryErrors() {
    }

    static FtmatrixException translate(HistoryLocation location, Duration lockTimeout, String doing, Exception e) {
        SQLException sql = sqlCause(e);
        String message = firstLine(sql != null ? sql.getMessage() : e.getMessage());
        String where = location.display();
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED") || state.equals("55P03")) {
            return new HistoryUnavailableException("the history " + where + " is locked by another writer (waited "
                    + lockTimeout.toSeconds() + " s): one writer at a time; let the other import finish, or import"
                    + " in the merge or report stage only (docs/history.md)", e);
        }
        if (message.contains("SQLITE_NOTADB") || message.contains("SQLITE_CORRUPT")) {
            return new HistoryInvalidException(where + " is not a SQLite database; --history takes the history file"
                    + " ftmatrix created (or a new path for a new one) or a jdbc: URL", e);
        }
        if (message.startsWith("Unable to parse URL")) {
            return HistoryDialect.malformedUrl(location);
        }
        if (message.contains("No suitable driver") || message.contains("No Flyway database plugin")) {
            return new HistoryInvalidException("no JDBC driver for " + where + ": ftmatrix ships the drivers for"
                    + " SQLite (a file path or jdbc:sqlite:FILE) and PostgreSQL (jdbc:postgresql://HOST:PORT/DB)", e);
        }
        if (state.startsWith("08")) {
            return new HistoryUnavailableException("cannot reach the history database " + where + ": " + message
                    + " (is the server running and the URL right?)", e);
        }
        if (state.startsWith("28") || state.equals("3D000")) {
            return new HistoryInvalidException(doing + " " + where + ": " + message
                    + " (check the user, password and database name in the URL)", e);
        }
        if (message.contains("SQLITE_CANTOPEN") || message.contains("SQLITE_READONLY")) {
            return new HistoryInvalidException(doing + " " + where + ": " + message
                    + " (is the file's directory writable?)", e);
        }
        return new HistoryUnavailableException(doing + " " + where + ": " + message, e);
    }

    private static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
