package dev.ftmatrix.results.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Whether a database is one ftmatrix may migrate, checked with reads only before Flyway touches it (Flyway would
 * advise {@code baseline()} for a foreign database, pass over versions it does not know, and on SQLite the journal
 * mode would already be switched to WAL). Empty: a new history. Tables without Flyway's history, or a Flyway history
 * whose migrations are not ftmatrix's: another application's database. A version above the newest this build
 * ships: a history written by a newer ftmatrix. Each is refused as bad input, and nothing is written.
 */
final class HistorySchema {
    static final String FLYWAY_TABLE = "flyway_schema_history";

    private HistorySchema() {
    }

    /**
     * The migrations this build ships, as their file names in {@code db/migration}: named here so that opening an
     * up-to-date history needs no Flyway at all (its start costs about half a second). HistorySchemaTest holds this
     * list to what Flyway resolves from the class path.
     */
    static final List<String> SHIPPED = List.of("V1__history.sql", "V2__year_scale_indexes.sql");

    /** The migrations this build ships (version to script). */
    private static final class Shipped {
        static final TreeMap<MigrationVersion, String> SCRIPTS = resolve();

        private static TreeMap<MigrationVersion, String> resolve() {
            TreeMap<MigrationVersion, String> scripts = new TreeMap<>();
            for (String script : SHIPPED) {
                scripts.put(MigrationVersion.fromVersion(script.substring(1, script.indexOf("__")).replace('_', '.')),
                        script);
            }
            return scripts;
        }
    }

    /** The newest schema version this build knows. */
    static String newestShipped() {
        return Shipped.SCRIPTS.lastKey().getVersion();
    }

    /**
     * Refuses a database that is not an ftmatrix history or is newer than this build; true when it holds exactly the
     * shipped migrations, each recorded as successful, so that there is nothing for Flyway to do.
     */
    static boolean check(Connection c, HistoryLocation location) throws SQLException {
        String schema = c.getSchema();
        var tables = new ArrayList<String>();
        try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        if (tables.isEmpty()) {
            return false;
        }
        if (tables.stream().noneMatch(FLYWAY_TABLE::equalsIgnoreCase)) {
            tables.sort(null);
            throw foreign(location, "it has tables (" + shortList(tables) + ") but no " + FLYWAY_TABLE);
        }
        boolean[] failed = {false};
        Map<MigrationVersion, String> applied = applied(c, location, failed);
        var newer = new ArrayList<String>();
        MigrationVersion newest = Shipped.SCRIPTS.lastKey();
        for (Map.Entry<MigrationVersion, String> e : applied.entrySet()) {
            String ours = Shipped.SCRIPTS.get(e.getKey());
            if (e.getKey().compareTo(newest) > 0) {
                newer.add(e.getKey().getVersion());
            } else if (ours == null || !ours.equals(e.getValue())) {
                throw foreign(location, "its " + FLYWAY_TABLE + " records migration " + e.getKey().getVersion()
                        + " as " + e.getValue() + ", which is not one of ftmatrix's");
            }
        }
        if (!newer.isEmpty()) {
            throw new HistoryInvalidException("the history " + location.display() + " has schema version "
                    + newer.get(newer.size() - 1) + ", newer than this ftmatrix knows (up to " + newest.getVersion()
                    + "): a newer ftmatrix wrote it. Upgrade ftmatrix to use this history; nothing was written");
        }
        return !failed[0] && applied.equals(Shipped.SCRIPTS);
    }

    /** The versioned migrations recorded; {@code failed[0]} set when one is recorded as failed. */
    private static Map<MigrationVersion, String> applied(Connection c, HistoryLocation location, boolean[] failed) {
        var applied = new TreeMap<MigrationVersion, String>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, script, success FROM " + FLYWAY_TABLE
                        + " WHERE version IS NOT NULL")) {
            while (rs.next()) {
                applied.put(MigrationVersion.fromVersion(rs.getString(1)), rs.getString(2));
                failed[0] |= !rs.getBoolean(3);
            }
        } catch (SQLException | RuntimeException e) {
            throw foreign(location, "its " + FLYWAY_TABLE + " is not Flyway's");
        }
        return applied;
    }

    private static HistoryInvalidException foreign(HistoryLocation location, String why) {
        String fix = location.sqlite()
                ? "--history takes the history file ftmatrix created (or a new path for a new one); the file was"
                        + " left as it was"
                : "give the history an empty database of its own; nothing was written";
        return new HistoryInvalidException(location.display() + " is not an ftmatrix history: " + why + "; " + fix);
    }

    private static String shortList(ArrayList<String> names) {
        int shown = Math.min(names.size(), 5);
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }
}
