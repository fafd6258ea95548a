package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.history.HistoryFixtures;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ftmatrix history import|trend|flaky} against a real SQLite file, run in process. */
class HistoryCommandTest {
    @TempDir
    Path tmp;
    Path history;
    List<Path> runs;

    @BeforeEach
    void fourRuns() throws Exception {
        history = tmp.resolve("history.sqlite");
        runs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
    }

    private Cli history(String... args) {
        List<String> all = new ArrayList<>(List.of("history"));
        all.addAll(List.of(args));
        all.add("--history");
        all.add(history.toString());
        return Cli.run(all.toArray(String[]::new));
    }

    private Cli importAll() {
        List<String> args = new ArrayList<>(List.of("import"));
        runs.forEach(r -> args.add(r.toString()));
        Cli cli = history(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        return cli;
    }

    @Test
    void everyHistoryCommandHasHelpThatPicocliCanFormat() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : List.of("import", "trend", "flaky")) {
                Cli cli = Cli.run("history", command, "--help");
                assertThat(cli.exitCode()).isZero();
                assertThat(cli.out()).contains("--history=PATH_OR_URL");
            }
            assertThat(Cli.run("history", "--help").out()).contains("95%").doesNotContain("95%%");
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void importSaysWhatWasNewAndWhatWasAlreadyPresent() {
        Path a = runs.get(0);
        assertThat(importAll().out()).isEqualTo(String.join("\n",
                "imported " + a + ": 12 results, 12 new, 0 already present; run 20261116-100000-aaaa new",
                "imported " + runs.get(1) + ": 6 results, 6 new, 0 already present; run 20261118-090000-bbbb new",
                "imported " + runs.get(2) + ": 6 results, 6 new, 0 already present; run 20261123-080000-cccc new",
                "imported " + runs.get(3) + ": 4 results, 4 new, 0 already present; run 20261125-070000-dddd new",
                "history  " + history + ": 4 runs, 28 results", ""));
        Cli again = history("import", a.resolve("cells.jsonl").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("imported " + a.resolve("cells.jsonl") + ": 12 results, 0 new, 12 already"
                + " present; run 20261116-100000-aaaa already present\nhistory  " + history + ": 4 runs, 28 results\n");
    }

    @Test
    void trendByWeekPrintsTiersMethodsAndControlsWithIntervals() {
        importAll();
        Cli cli = history("trend", "--by", "week");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("""
                history %s: 4 runs in 2 weeks

                TIER  WEEK      START (UTC)  TRIALS  PASSED  PASS RATE  95%% INTERVAL  NOT COUNTED
                1     2026-W47  2026-11-16   8       6       75.0%%      40.9-92.9%%    1 infra
                1     2026-W48  2026-11-23   7       3       42.9%%      15.8-75.0%%    1 infra
                2     2026-W47  2026-11-16   4       3       75.0%%      30.1-95.4%%    -
                2     2026-W48  2026-11-23   2       2       100.0%%     34.2-100.0%%   -
                4     2026-W47  2026-11-16   0       0       -          -             1 reused

                METHOD   TIER  WEEK      TRIALS  PASSED  PASS RATE  95%% INTERVAL  NOT COUNTED
                uv       1     2026-W47  8       6       75.0%%      40.9-92.9%%    1 infra
                uv       1     2026-W48  7       3       42.9%%      15.8-75.0%%    1 infra
                uv-fake  1     2026-W47  0       0       -          -             1 simulated
                conda    2     2026-W47  4       3       75.0%%      30.1-95.4%%    -
                conda    2     2026-W48  2       2       100.0%%     34.2-100.0%%   -
                source   4     2026-W47  0       0       -          -             1 reused

                CONTROL     WEEK      TRIALS  CAUGHT  DETECTION RATE  95%% INTERVAL
                distro-apt  2026-W47  3       2       66.7%%           20.8-93.9%%
                """.formatted(history));
    }

    @Test
    void trendByRunFiltersByMethodAndStartDate() {
        importAll();
        Cli cli = history("trend", "--method", "uv", "--since", "2026-11-18");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains(
                "1     20261118-090000-bbbb  2026-11-18 09:00  4       3       75.0%      30.1-95.4%    -",
                "1     20261123-080000-cccc  2026-11-23 08:00  3       1       33.3%      6.1-79.2%     1 infra",
                "uv      1     20261125-070000-dddd  4       2       50.0%      15.0-85.0%    -")
                .doesNotContain("20261116-100000-aaaa", "conda", "CONTROL");
    }

    @Test
    void trendAsJsonHasStableSnakeCaseFields() throws Exception {
        importAll();
        Cli cli = history("trend", "--tier", "2", "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(cli.out());
        assertThat(json.get("by").asText()).isEqualTo("run");
        assertThat(json.get("periods")).hasSize(3);
        assertThat(json.at("/periods/0/start").asText()).isEqualTo("2026-11-16T10:00:00Z");
        JsonNode first = json.at("/tiers/0");
        assertThat(first.get("period").asText()).isEqualTo("20261116-100000-aaaa");
        assertThat(first.get("key").asText()).isEqualTo("2");
        assertThat(first.get("trials").asLong()).isEqualTo(2);
        assertThat(first.get("pass_rate").asDouble()).isEqualTo(0.5);
        assertThat(first.at("/interval/low").asDouble()).isEqualTo(0.094531);
        assertThat(json.get("methods")).hasSize(3);
        assertThat(json.get("controls")).isEmpty();
    }

    @Test
    void flakyListsCellsByFlipRate() {
        importAll();
        Cli cli = history("flaky");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("""
                CELL                  METHOD  TIER  RUNS  FLIPS  FLIP RATE  VERDICTS (OLDEST FIRST)  LAST
                debian/uv/3.13t#1     uv      1     4     2      66.7%      PPFP                     PASS in 20261125-070000-dddd
                debian/uv/3.13t#3     uv      1     4     2      66.7%      FPPF                     INSTALL_FAILED in 20261125-070000-dddd
                debian/conda/3.13t#2  conda   2     3     1      50.0%      FPP                      PASS in 20261123-080000-cccc
                debian/uv/3.13t#2     uv      1     4     1      33.3%      PFFF                     INSTALL_FAILED in 20261125-070000-dddd
                4 of 6 cells with a trial in at least 2 runs flipped
                """);
    }

    @Test
    void flakyAsJson() throws Exception {
        importAll();
        Cli cli = history("flaky", "--min-runs", "4", "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(cli.out());
        assertThat(json.get("min_runs").asInt()).isEqualTo(4);
        assertThat(json.get("cells_considered").asLong()).isEqualTo(3);
        assertThat(json.at("/cells/0/cell").asText()).isEqualTo("debian/uv/3.13t#1");
        assertThat(json.at("/cells/0/flip_rate").asDouble()).isEqualTo(0.666667);
        assertThat(json.at("/cells/0/sequence").asText()).isEqualTo("PPFP");
    }

    @Test
    void anUnknownMethodIsBadInputNamingTheKnownOnes() {
        importAll();
        Cli cli = history("trend", "--method", "uvv");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("unknown method 'uvv': the history at " + history + " has results of methods"
                + " conda, distro-apt, source, uv, uv-fake\n");
    }

    @Test
    void aBadDateIsBadInput() {
        importAll();
        Cli cli = history("trend", "--since", "2026-13-01");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("--since '2026-13-01' is not a date: give YYYY-MM-DD, e.g. 2026-11-01\n");
    }

    @Test
    void fewerThanTwoRunsCannotFlip() {
        importAll();
        Cli cli = history("flaky", "--min-runs", "1");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("--min-runs must be at least 2: a flip needs two runs (got 1)\n");
    }

    @Test
    void readingAMissingHistoryIsBadInputAndCreatesNothing() {
        Cli cli = history("flaky");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("there is no history at " + history + "; import runs first: ftmatrix history"
                + " import RESULTS --history " + history + "\n");
        assertThat(history).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseIsBadInput() throws Exception {
        Files.writeString(history, "not a database\n");
        Cli cli = history("import", runs.get(0).toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(history + " is not a SQLite database; --history takes the history file"
                + " ftmatrix created (or a new path for a new one) or a jdbc: URL\n");
    }

    @Test
    void anUnreachableDatabaseIsAnInfrastructureFailureWithoutAStackTrace() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/ftmatrix?user=ci&password=secret&connectTimeout=5";
        Cli cli = Cli.run("history", "trend", "--history", url);
        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err()).startsWith("ftmatrix: cannot reach the history database jdbc:postgresql://127.0.0.1:"
                + port + "/ftmatrix?user=ci&password=***&connectTimeout=5: Connection to 127.0.0.1:" + port
                + " refused.")
                .endsWith("(is the server running and the URL right?)\n")
                .doesNotContain("secret", "Exception", "\tat ");
    }

    @Test
    void aForeignDatabaseAMalformedUrlAndAnInvalidTierExitTwoWithoutAStackTrace() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + history); var s = c.createStatement()) {
            s.execute("CREATE TABLE users (name TEXT)");
        }
        byte[] foreign = Files.readAllBytes(history);
        Cli refused = history("import", runs.get(0).toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo(history + " is not an ftmatrix history: it has tables (users) but no"
                + " flyway_schema_history; --history takes the history file ftmatrix created (or a new path for a new"
                + " one); the file was left as it was\n");
        assertThat(Files.readAllBytes(history)).isEqualTo(foreign);

        Cli url = Cli.run("history", "trend", "--history", "jdbc:postgresql://db:port/ftmatrix?password=secret");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).startsWith("jdbc:postgresql://db:port/ftmatrix?password=*** is not a PostgreSQL JDBC"
                + " URL the driver can read;").doesNotContain("secret", "Exception", "\tat ");

        Path gold = tmp.resolve("gold");
        Files.createDirectories(gold);
        Files.writeString(gold.resolve("cells.jsonl"), Files.readString(runs.get(0).resolve("cells.jsonl"))
                .replaceFirst("\"tier\":\"[^\"]*\"", "\"tier\":\"gold\""));
        Cli tier = Cli.run("history", "import", gold.toString(), "--history", tmp.resolve("new.sqlite").toString());
        assertThat(tier.exitCode()).isEqualTo(2);
        assertThat(tier.err()).startsWith(gold.resolve("cells.jsonl") + ":1: 'tier' is 'gold'; expected 'control' or"
                + " a tier number").doesNotContain("Exception", "\tat ");
    }

    @Test
    void aConflictingLineExitsTwoUnlessTheStoredResultsAreKept() throws Exception {
        importAll();
        Path changed = tmp.resolve("changed");
        Files.createDirectories(changed);
        String lines = Files.readString(runs.get(0).resolve("cells.jsonl"));
        String first = lines.lines().findFirst().orElseThrow();
        assertThat(first).contains("\"outcome\":\"PASS\"");
        Files.writeString(changed.resolve("cells.jsonl"), first.replace("\"outcome\":\"PASS\"",
                "\"outcome\":\"CRASHED\"") + "\n");
        Cli refused = history("import", changed.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("1 result differs from what the history " + history + " holds for the"
                + " same run, cell and attempt; nothing was imported:\n  " + changed + ": run 20261116-100000-aaaa,")
                .contains("'outcome' is 'CRASHED', the history has 'PASS'").doesNotContain("Exception", "\tat ");
        Cli kept = history("import", "--keep-stored", changed.toString());
        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(kept.out()).startsWith("imported " + changed + ": 1 results, 0 new, 1 already present; run"
                + " 20261116-100000-aaaa already present\n  kept the stored result of run 20261116-100000-aaaa, cell ")
                .contains("'outcome' is 'CRASHED', the history has 'PASS'\n")
                .endsWith("history  " + history + ": 4 runs, 28 results\n");
    }
}
