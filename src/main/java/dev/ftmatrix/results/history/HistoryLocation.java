package dev.ftmatrix.results.history;

import dev.ftmatrix.results.Redactor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the history lives: a SQLite file (the default, one file beside the results) or any JDBC URL, e.g. a team's
 * PostgreSQL. {@code sqliteFile} is set for SQLite only; {@code display} is safe to print (no password).
 */
public record HistoryLocation(String jdbcUrl, Path sqliteFile, String display) {
    /** The environment variable that names the history when {@code --history} is not given. */
    public static final String ENV = "FTMATRIX_HISTORY";
    /** The history when neither {@code --history} nor {@link #ENV} names one. */
    public static final Path DEFAULT = Path.of("results", "history.sqlite");

    private static final String JDBC = "jdbc:";
    private static final String SQLITE = "jdbc:sqlite:";

    public HistoryLocation {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(display, "display");
    }

    /**
     * The history named by the option, else by {@link #ENV}, else {@link #DEFAULT}. A value starting with
     * {@code jdbc:} is a JDBC URL; anything else is the path of a SQLite file.
     */
    public static HistoryLocation resolve(String option, Map<String, String> environment) {
        String value = option;
        if (value == null || value.isBlank()) {
            value = environment.get(ENV);
        }
        if (value == null || value.isBlank()) {
            return ofFile(DEFAULT);
        }
        if (!value.startsWith(JDBC)) {
            return ofFile(Path.of(value));
        }
        if (value.startsWith(SQLITE)) {
            String file = value.substring(SQLITE.length());
            int query = file.indexOf('?');
            Path path = Path.of(query < 0 ? file : file.substring(0, query));
            return new HistoryLocation(value, path, path.toString());
        }
        return new HistoryLocation(value, null, withoutPassword(value));
    }

    static HistoryLocation ofFile(Path file) {
        return new HistoryLocation(SQLITE + file, file, file.toString());
    }

    public boolean sqlite() {
        return sqliteFile != null;
    }

    /**
     * The URL as it can be printed: a {@code password=} parameter's value is masked, and so are the credentials
     * before a host ({@code jdbc:postgresql://user:secret@host/db}), with the same rule as every file ftmatrix writes.
     */
    static String withoutPassword(String url) {
        return Redactor.urlCredentialsOnly().redact(url.replaceAll("(?i)(password=)[^&;]*", "$1***"));
    }
}
