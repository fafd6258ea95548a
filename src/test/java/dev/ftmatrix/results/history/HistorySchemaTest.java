package dev.ftmatrix.results.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped migrations named in code, and the open that skips Flyway only when there is nothing to migrate. */
class HistorySchemaTest {
    @TempDir
    Path tmp;

    @Test
    void theNamedMigrationsAreWhatFlywayFindsOnTheClassPath() {
        MigrationInfo[] all = Flyway.configure(HistorySchema.class.getClassLoader())
                .locations(HistoryDialect.MIGRATIONS).failOnMissingLocations(true)
                .dataSource("jdbc:sqlite::memory:", null, null).load().info().all();
        List<String> scripts = Arrays.stream(all).filter(m -> m.getVersion() != null).map(MigrationInfo::getScript)
                .toList();
        assertThat(HistorySchema.SHIPPED).isEqualTo(scripts);
        assertThat(HistorySchema.newestShipped()).isEqualTo(all[all.length - 1].getVersion().getVersion());
    }

    @Test
    void anUpToDateHistoryIsOpenedWithoutMigratingAndAFailedMigrationGoesBackToFlyway() throws Exception {
        HistoryLocation location = HistoryLocation.resolve(tmp.resolve("h.sqlite").toString(), java.util.Map.of());
        try (HistoryStore store = HistoryStore.open(location, HistoryStore.Access.CREATE)) {
            assertThat(store.migrationsApplied()).isEqualTo(HistorySchema.SHIPPED.size());
        }
        try (Connection c = DriverManager.getConnection(location.jdbcUrl())) {
            assertThat(HistorySchema.check(c, location)).isTrue();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE " + HistorySchema.FLYWAY_TABLE + " SET success = 0 WHERE version = '2'");
            }
            assertThat(HistorySchema.check(c, location)).isFalse();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + HistorySchema.FLYWAY_TABLE + " WHERE version = '2'");
            }
            assertThat(HistorySchema.check(c, location)).isFalse();
        }
        // With migration 2 no longer recorded, opening hands the history to Flyway, which runs it again: its indexes
        // exist, so the open fails with the schema message instead of skipping a migration it does not see.
        assertThatThrownBy(() -> HistoryStore.open(location, HistoryStore.Access.EXISTING))
                .hasMessageContaining("cannot bring the history's schema up to date");
    }
}
