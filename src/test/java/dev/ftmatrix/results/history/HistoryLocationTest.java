package dev.ftmatrix.results.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryLocationTest {
    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of(HistoryLocation.ENV, "/var/lib/ftmatrix/history.sqlite");
        assertThat(HistoryLocation.resolve("mine.sqlite", env).sqliteFile()).isEqualTo(Path.of("mine.sqlite"));
        assertThat(HistoryLocation.resolve(null, env).sqliteFile())
                .isEqualTo(Path.of("/var/lib/ftmatrix/history.sqlite"));
        HistoryLocation fallback = HistoryLocation.resolve(null, Map.of());
        assertThat(fallback.sqliteFile()).isEqualTo(Path.of("results/history.sqlite"));
        assertThat(fallback.jdbcUrl()).isEqualTo("jdbc:sqlite:results/history.sqlite");
    }

    @Test
    void aJdbcUrlIsUsedAsGivenAndPrintedWithoutItsPassword() {
        HistoryLocation pg = HistoryLocation.resolve(
                "jdbc:postgresql://db:5432/ftmatrix?user=ci&password=s3cret&ssl=true", Map.of());
        assertThat(pg.sqlite()).isFalse();
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ftmatrix?user=ci&password=s3cret&ssl=true");
        assertThat(pg.display()).isEqualTo("jdbc:postgresql://db:5432/ftmatrix?user=ci&password=***&ssl=true");
    }

    @Test
    void aPasswordBeforeTheHostIsMaskedToo() {
        assertThat(HistoryLocation.withoutPassword("jdbc:postgresql://ci:s3cret@db:5432/ftmatrix"))
                .isEqualTo("jdbc:postgresql://***@db:5432/ftmatrix");
    }

    @Test
    void aSqliteJdbcUrlNamesItsFile() {
        HistoryLocation sqlite = HistoryLocation.resolve("jdbc:sqlite:/srv/history.sqlite", Map.of());
        assertThat(sqlite.sqliteFile()).isEqualTo(Path.of("/srv/history.sqlite"));
        assertThat(sqlite.display()).isEqualTo("/srv/history.sqlite");
    }
}
