package dev.ftmatrix.results.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * What differs between a SQLite file and a database server (PostgreSQL tested): preparing and checking the file,
 * applying the schema, connecting, and how a writer locks out other writers. SQLite takes its write lock when a
 * transaction begins ({@code BEGIN IMMEDIATE}) and waits on its busy timeout; PostgreSQL needs a table lock, waited
 * for up to {@code lock_timeout}.
 */
final class HistoryDialect {
    static final String MIGRATIONS = "classpath:db/migration";
    private static final String POSTGRESQL = "jdbc:postgresql:";
    /** Held so that its level, set while a URL is parsed, is not collected with it. */
    private static final Logger PGJDBC_LOG = Logger.getLogger("org.postgresql");
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final boolean postgres;

    private HistoryDialect(boolean postgres) {
        this.postgres = postgres;
    }

    /**
     * Brings the schema up to date; the number of migrations applied. Flyway's transactions defer the write lock,
     * so that opening an up-to-date history to read it never waits for a writer; only the store's own connection
     * takes the lock when a transaction begins.
     */
    static int migrate(HistoryLocation location, Duration lockTimeout) {
        var config = Flyway.configure(HistoryDialect.class.getClassLoader())
                .locations(MIGRATIONS)
                .failOnMissingLocations(true);
        config = location.sqlite() ? config.dataSource(sqlite(location, lockTimeout, false))
                : config.dataSource(location.jdbcUrl(), null, null);
        return config.load().migrate().migrationsExecuted;
    }

    /**
     * Refuses a database ftmatrix must not migrate ({@link HistorySchema}), before Flyway sees it; true when its
     * schema is this build's, with nothing to migrate. On SQLite the
     * connection sets no journal mode, so a refused file keeps its bytes; a file still to be created has nothing to
     * check.
     */
    static boolean checkSchema(HistoryLocation location) throws SQLException {
        if (location.sqlite() && !Files.exists(location.sqliteFile())) {
            return false;
        }
        requireReadableUrl(location);
        try (Connection c = DriverManager.getConnection(location.jdbcUrl())) {
            return HistorySchema.check(c, location);
        }
    }

    /**
     * A PostgreSQL URL the driver cannot parse is bad input, said without the URL's credentials. The driver warns
     * about it through its logger with the whole URL, password included, so that logger is silent while it parses.
     */
    private static void requireReadableUrl(HistoryLocation location) {
        if (!location.jdbcUrl().startsWith(POSTGRESQL)) {
            return;
        }
        Level level = PGJDBC_LOG.getLevel();
        PGJDBC_LOG.setLevel(Level.OFF);
        try {
            if (org.postgresql.Driver.parseURL(location.jdbcUrl(), null) == null) {
                throw malformedUrl(location);
            }
        } finally {
            PGJDBC_LOG.setLevel(level);
        }
    }

    static HistoryInvalidException malformedUrl(HistoryLocation location) {
        return new HistoryInvalidException(location.display() + " is not a PostgreSQL JDBC URL the driver can read;"
                + " write it as jdbc:postgresql://HOST:PORT/DB?user=USER&password=PASSWORD (a port is a number, an"
                + " IPv6 host is in brackets, a / follows the host or port)");
    }

    static Connection connect(HistoryLocation location, Duration lockTimeout) throws SQLException {
        return location.sqlite() ? sqlite(location, lockTimeout, true).getConnection()
                : DriverManager.getConnection(location.jdbcUrl());
    }

    /** The dialect of an open connection, its session set up (PostgreSQL's lock timeout). */
    static HistoryDialect of(Connection c, Duration lockTimeout) throws SQLException {
        HistoryDialect d = new HistoryDialect(c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres"));
        if (d.postgres) {
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = " + lockTimeout.toMillis());
            }
        }
        return d;
    }

    /** SQLite took its lock when the transaction began; PostgreSQL needs a table lock that writers queue on. */
    void lockForWriting(Connection c) throws SQLException {
        if (postgres) {
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE runs, cell_results IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    }

    /** A SQLite history's file before opening: an existing database, or for {@code CREATE} a new one's place. */
    static void prepareSqliteFile(Path file, HistoryStore.Access access) {
        if (Files.isDirectory(file)) {
            throw new HistoryInvalidException(file + " is a directory; --history takes a file (e.g. "
                    + file.resolve("history.sqlite") + ") or a jdbc: URL");
        }
        if (Files.exists(file)) {
            requireSqliteFile(file);
        } else if (access == HistoryStore.Access.EXISTING) {
            throw new HistoryInvalidException("there is no history at " + file + "; import runs first: ftmatrix"
                    + " history import RESULTS --history " + file);
        } else {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new HistoryInvalidException("cannot create the history " + file + ": " + e.getMessage());
            }
        }
    }

    private static DataSource sqlite(HistoryLocation location, Duration lockTimeout, boolean writeLockOnBegin) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout((int) lockTimeout.toMillis());
        if (writeLockOnBegin) {
            // Take the write lock when a transaction begins, not on its first write: two importers then queue on
            // the busy timeout instead of one failing at once when both try to upgrade a read lock.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(location.jdbcUrl());
        return ds;
    }

    private static void requireSqliteFile(Path file) {
        byte[] header = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new HistoryInvalidException("cannot read the history " + file + ": " + e.getMessage());
        }
        if (n > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
            throw new HistoryInvalidException(file + " is not a SQLite database; --history takes the history file"
                    + " ftmatrix created (or a new path for a new one) or a jdbc: URL");
        }
    }
}
