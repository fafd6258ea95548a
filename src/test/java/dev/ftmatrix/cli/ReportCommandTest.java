package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aMalformedLineIsNamedByFileAndLine() throws Exception {
        Path cells = tmp.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(FIXTURE.resolve("cells.jsonl"));
        Files.write(cells, List.of(lines.get(0), "{\"cell\": 42, \"outcome\": \"MAYBE\"}", lines.get(1)));
        Cli cli = Cli.run("report", cells.toString(), "--out", tmp.resolve("r").toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith(cells + ":2: not a cell result: ")
                .endsWith("(cells.jsonl holds one JSON object per line, as ftmatrix run writes it)\n")
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
    void needsAnOutputDirectory() {
        Cli cli = Cli.run("report", FIXTURE.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("ftmatrix: Missing required option: '--out=DIR'");
    }
}
