package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What repro refuses before any container starts: no Docker needed. */
class ReproCommandTest {
    /** A cells.jsonl line as written before results recorded ftmatrix_version, docker_version and environment. */
    private static final String OLD_LINE = "{\"run_id\":\"r1\",\"cell\":\"debian-trixie/distro-apt/3.13t#1\","
            + "\"matrix\":\"m\",\"os\":\"debian-trixie\",\"image\":\"debian:trixie\",\"image_digest\":\"sha256:1\","
            + "\"method\":\"distro-apt\",\"recipe\":\"distro-apt\",\"recipe_sha256\":\"f\",\"parameters\":{},"
            + "\"tier\":\"control\",\"python\":\"3.13t\",\"repeat\":1,\"outcome\":\"INSTALL_FAILED\","
            + "\"failure\":{\"category\":\"network\",\"detail\":\"down\"}}\n";

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int repro(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "repro";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    private Path oldResults(String matrixFile) throws Exception {
        Path dir = tmp.resolve("old");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cells.jsonl"), OLD_LINE);
        Files.writeString(dir.resolve("run.json"), "{\"run_id\":\"r1\",\"status\":\"complete\",\"matrix\":\"m\","
                + "\"matrix_file\":\"" + matrixFile + "\",\"matrix_sha256\":\"abc\"}");
        return dir;
    }

    @Test
    void needsARecordedCellOrAReport() {
        assertThat(repro()).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("repro needs RESULTS CELL-ID (a result directory and a cell id) or"
                + " --report FILE; run 'ftmatrix repro --help' for usage\n");
    }

    @Test
    void refusesARecordedCellAndAReportTogether() {
        assertThat(repro("results/x", "a/b/3.13t#1", "--report", "matrices/repro/apt-offline.yaml")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("give either RESULTS CELL-ID or --report FILE, not both\n");
    }

    @Test
    void namesTheCellsThereAreWhenTheCellIsNotInTheResults() throws Exception {
        Path dir = oldResults("m.yaml");
        assertThat(repro(dir.toString(), "debian-trixie/uv/3.13t#1")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("no cell 'debian-trixie/uv/3.13t#1' in " + dir.resolve("cells.jsonl")
                + "; its cells are debian-trixie/distro-apt/3.13t#1\n");
    }

    @Test
    void readsResultsWrittenBeforeReplayFieldsAndSaysWhatToDoWhenTheMatrixIsGone() throws Exception {
        Path dir = oldResults(tmp.resolve("gone.yaml").toString());
        assertThat(repro(dir.toString(), "debian-trixie/distro-apt/3.13t#1")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("the matrix file " + tmp.resolve("gone.yaml") + " of run r1 is gone"
                + " (paths in run.json are relative to where the run started); run repro from there, restore the file"
                + " (SHA-256 abc), or replay with 'ftmatrix repro --report FILE.yaml'\n");
    }

    @Test
    void aReportWithProblemsIsExitTwoWithEveryProblem() throws Exception {
        Path report = tmp.resolve("bad.yaml");
        Files.writeString(report, "image: debian:trixie\nmethod: { recipe: distro-apt }\npython: 3.13t\n"
                + "expected: { outcome: BROKEN }\n");
        assertThat(repro("--report", report.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(report + ":4:13: expected.outcome: unknown outcome 'BROKEN'; outcomes"
                + " are 'CRASHED', 'GIL_REENABLED', 'INFRA_ERROR', 'INSTALL_FAILED', 'NOT_APPLICABLE', 'NOT_FREE_THREADED', 'PACKAGE_FAILED',"
                + " 'PASS', 'TIMEOUT', 'VENV_FAILED'\n");
    }
}
