package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, defects 3, 9 and 12: outputs that are not run directories, inputs given twice, a run.json of null. */
class HostileOutputTest {
    private static final Path FIXTURE = Path.of("src/test/resources/report/fixture");

    @TempDir
    Path tmp;

    @Test
    void reportOutNamingAFileIsExitTwoWithWords() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "keep me");
        Cli cli = Cli.run("report", FIXTURE.toString(), "--out", file.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("--out " + file + " is a file; reports are written into a directory, so name"
                + " a new or existing directory\n");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void reportOfTheSameRunGivenTwiceIsRefusedNotCountedTwice() {
        Cli cli = Cli.run("report", FIXTURE.toString(), FIXTURE.resolve("cells.jsonl").toString(), "--out",
                tmp.resolve("r").toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(FIXTURE.resolve("cells.jsonl") + " is given twice (also as " + FIXTURE
                + "); name each result directory once, or its results would count twice\n");
    }

    @Test
    void mergeOutIntoADirectoryThatIsNotARunWritesNothingThere() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.copy(FIXTURE.resolve("cells.jsonl"), run.resolve("cells.jsonl"));
        Files.writeString(run.resolve("run.json"), "{\"run_id\": \"r1\", \"matrix\": \"m\", \"status\": \"complete\"}");
        Path out = Files.createDirectories(tmp.resolve("not-a-run/logs"));
        Files.writeString(out.resolve("mine.log"), "keep me");
        Cli cli = Cli.run("merge", run.toString(), "--out", out.getParent().toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("output directory " + out.getParent() + " is not empty and holds no run;"
                + " choose a new or empty --out (nothing in it is ever overwritten)");
        assertThat(Files.readString(out.resolve("mine.log"))).isEqualTo("keep me");
        assertThat(out.getParent().resolve("cells.jsonl")).doesNotExist();
    }

    @Test
    void resumeOfADirectoryWhoseRunJsonIsNullIsExitTwo() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("run.json"), "null");
        Files.writeString(run.resolve("cells.jsonl"), "");
        Cli cli = Cli.run("run", "--resume", run.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("cannot read " + run.resolve("run.json") + ": expected a JSON object as"
                + " ftmatrix run writes it, found null; restore it from the run or start a new one\n");
    }
}
