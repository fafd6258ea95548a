package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.results.Json;
import dev.ftmatrix.results.history.HistoryFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    static final Path FIXTURE = Path.of("src/test/resources/report/fixture");

    @TempDir
    Path tmp;

    @Test
    void writesTheFourReportsAndSaysWhatItCounted() {
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("read     " + FIXTURE + ": 23 results",
                "trials   16 (12 passed); not counted: 3 infra errors, 1 simulated, 1 reused installs, 2 control trials",
                "ranking  tier 1 > tier 2: inconclusive (P = 0.892)");
        assertThat(tmp.resolve("report.json")).isNotEmptyFile();
        assertThat(tmp.resolve("junit.xml")).isNotEmptyFile();
        assertThat(tmp.resolve("report.md")).isNotEmptyFile();
        assertThat(tmp.resolve("report.html")).content().contains("<canvas");
    }

    @Test
    void aDirectoryWithoutResultsIsBadInput() {
        Cli cli = Cli.run("report", tmp.toString(), "--out", tmp.resolve("r").toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(tmp + " is not a result directory: it has no cells.jsonl (give the --out"
                + " directory of a run, or its cells.jsonl)\n");
    }

    @Test
    void aNegativeNumberOfLogTailsIsBadInput() {
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("r").toString(), "--junit-log-tails", "-1");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("--junit-log-tails must be 0 or more (got -1)\n");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void groupRepeatsMakesOneTestcasePerOsMethodAndPython() throws Exception {
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("g").toString(), "--junit-group-repeats");
        assertThat(cli.exitCode()).isZero();
        String junit = Files.readString(tmp.resolve("g").resolve("junit.xml"));
        assertThat(junit).contains("name=\"ubuntu-24.04/3.13t (4 repeats)\"").doesNotContain("ubuntu-24.04/3.13t#4");
    }

    @Test
    void aMalformedLineIsNamedByFileAndLine() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(FIXTURE.resolve("cells.jsonl"));
        Files.write(cells, List.of(lines.get(0), "{\"cell\": 42, \"outcome\": \"MAYBE\"}", lines.get(1)));
        Cli cli = Cli.run("report", cells.toString(), "--out", tmp.resolve("r").toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(cells + ":2: the line is not a cell result: it has no 'run_id'; cells.jsonl"
                + " holds one JSON object per line as ftmatrix run writes it, so restore the line from the run that"
                + " wrote it or delete it\n")
                .doesNotContain("Exception");
    }

    @Test
    void aTornLastLineOfAKilledRunIsSkippedAndSaid() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(FIXTURE.resolve("cells.jsonl"));
        Files.writeString(cells, lines.get(0) + "\n" + lines.get(1).substring(0, 80));
        Cli cli = Cli.run("report", cells.toString(), "--out", tmp.resolve("r").toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains(": 1 results (skipped a torn last line: the run was killed while writing it)");
    }

    @Test
    void withAHistoryTheReportsCarryTheTierTrendOfTheirMatrix() throws Exception {
        List<Path> runs = HistoryFixtures.fourRuns(tmp.resolve("runs"));
        Path history = tmp.resolve("history.sqlite");
        List<String> importArgs = new java.util.ArrayList<>(List.of("history", "import", "--history", history.toString()));
        runs.forEach(r -> importArgs.add(r.toString()));
        importArgs.add(FIXTURE.toString());
        assertThat(Cli.run(importArgs.toArray(String[]::new)).exitCode()).isZero();

        Path out = tmp.resolve("reports");
        Cli cli = Cli.run("report", runs.get(3).toString(), "--out", out.toString(), "--history", history.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        // The fixture's run is in the history too, but it belongs to another matrix.
        assertThat(cli.out()).contains("history  4 runs of history-test in the trend");
        assertThat(Files.readString(out.resolve("report.md"))).contains("""
                ## Tier trend

                Pass rate per tier in each run of history-test in the history (95% interval, trials as above).

                | Run | Started (UTC) | Tier 1 | Tier 2 | Tier 4 |
                |---|---|---|---|---|
                | 20261116-100000-aaaa | 2026-11-16 10:00 | 75.0% of 4 (30.1-95.4%) | 50.0% of 2 (9.5-90.5%) | - |
                | 20261118-090000-bbbb | 2026-11-18 09:00 | 75.0% of 4 (30.1-95.4%) | 100.0% of 2 (34.2-100.0%) | - |
                | 20261123-080000-cccc | 2026-11-23 08:00 | 33.3% of 3 (6.1-79.2%) | 100.0% of 2 (34.2-100.0%) | - |
                | 20261125-070000-dddd | 2026-11-25 07:00 | 50.0% of 4 (15.0-85.0%) | - | - |

                ## Ranking
                """);
        JsonNode json = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(json.at("/history/by").asText()).isEqualTo("run");
        assertThat(json.at("/history/periods")).hasSize(4);
        assertThat(json.at("/history/tiers")).hasSize(8);
        assertThat(json.at("/history/tiers/7/period").asText()).isEqualTo("20261125-070000-dddd");
        assertThat(json.at("/history/tiers/7/passes").asLong()).isEqualTo(2);
        assertThat(json.at("/history/controls/0/method").asText()).isEqualTo("distro-apt");
    }

    @Test
    void withoutAHistoryThereIsNoHistorySection() throws Exception {
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Json.MAPPER.readTree(tmp.resolve("report.json").toFile()).has("history")).isFalse();
        assertThat(tmp.resolve("report.md")).content().doesNotContain("Tier trend");
    }

    @Test
    void aMissingHistoryIsBadInput() {
        Path history = tmp.resolve("nowhere.sqlite");
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("r").toString(), "--history",
                history.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("there is no history at " + history + "; import runs first: ftmatrix history"
                + " import RESULTS --history " + history + "\n");
    }

    @Test
    void needsAnOutputDirectory() {
        Cli cli = Cli.run("report", FIXTURE.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("ftmatrix: Missing required option: '--out=DIR'");
    }

    @Test
    void failOnGivesTheBuildsColourAsExitCodeAndVerdictFile() throws Exception {
        Cli failure = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("a").toString(), "--fail-on",
                "control,ranking,infra,incomplete");
        assertThat(failure.exitCode()).as(failure.err()).isEqualTo(6);
        assertThat(tmp.resolve("a/verdict.txt")).hasContent("FAILURE\ninfra: 3 of 23 results are infrastructure errors"
                + " (13.0%, more than the 10.0% allowed by --max-infra-errors)");
        assertThat(tmp.resolve("a/junit.xml")).isNotEmptyFile();
        assertThat(failure.out()).contains("verdict  FAILURE\n         infra: 3 of 23 results");
        Cli success = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("b").toString(), "--fail-on",
                "control,ranking,infra", "--max-infra-errors", "20");
        assertThat(success.exitCode()).as(success.err()).isZero();
        assertThat(tmp.resolve("b/verdict.txt")).hasContent("SUCCESS");
    }

    @Test
    void aControlThatPassedMakesTheBuildUnstable() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(FIXTURE.resolve("cells.jsonl")).stream()
                .map(l -> l.contains("/distro-apt/3.13t#1\"") ? l.replace("\"outcome\": \"NOT_FREE_THREADED\"",
                        "\"outcome\": \"PASS\"") : l).toList();
        Files.write(cells, lines);
        Cli cli = Cli.run("report", cells.toString(), "--out", tmp.resolve("r").toString(), "--fail-on", "control");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(5);
        assertThat(tmp.resolve("r/verdict.txt")).hasContent("UNSTABLE\ncontrol: distro-apt was not caught in 1 of 2"
                + " trials (a GIL build passed the free-threaded checks)");
    }

    @Test
    void aHistoryThatCannotBeReadLeavesTheReportsWrittenAndTheBuildUnstable() {
        Path missing = tmp.resolve("none.sqlite");
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("r").toString(), "--history",
                missing.toString(), "--fail-on", "history");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(5);
        assertThat(tmp.resolve("r/report.html")).isNotEmptyFile();
        assertThat(tmp.resolve("r/verdict.txt")).hasContent("UNSTABLE\nhistory: there is no history at " + missing
                + "; import runs first: ftmatrix history import RESULTS --history " + missing);
        Cli strict = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("s").toString(), "--history",
                missing.toString());
        assertThat(strict.exitCode()).isEqualTo(2);
    }

    @Test
    void anIncompleteRunMakesTheBuildFail() throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Files.copy(FIXTURE.resolve("cells.jsonl"), dir.resolve("cells.jsonl"));
        Files.writeString(dir.resolve("run.json"), "{\"run_id\": \"r1\", \"status\": \"interrupted\","
                + " \"matrix\": \"fixture\", \"merged_from\": []}");
        Cli cli = Cli.run("report", dir.toString(), "--out", tmp.resolve("r").toString(), "--fail-on", "incomplete");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(6);
        assertThat(tmp.resolve("r/verdict.txt")).hasContent("FAILURE\nincomplete: " + dir + ": run r1 is interrupted:"
                + " it is interrupted");
    }

    @Test
    void badFailOnValuesAreUsageErrors() {
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.toString(), "--fail-on", "colour");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("ftmatrix: Invalid value for option '--fail-on' (CONDITION): expected one"
                + " of [control, ranking, regression, history, infra, incomplete] (case-insensitive) but was 'colour'");
        Cli share = Cli.run("report", FIXTURE.toString(), "--out", tmp.toString(), "--max-infra-errors", "150");
        assertThat(share.exitCode()).isEqualTo(2);
        assertThat(share.err()).isEqualTo("--max-infra-errors must be a percentage from 0 to 100, got 150.0\n");
    }

    @Test
    void aPlanThatIsNotOneIsNamed() throws Exception {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "[{\"id\": \"a/b/3.13t#1\"}]");
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", tmp.resolve("r").toString(), "--planned",
                plan.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(plan + ": entry 1 of the plan has no 'tier'; write the file with ftmatrix plan"
                + " MATRIX --format json\n");
    }
}
