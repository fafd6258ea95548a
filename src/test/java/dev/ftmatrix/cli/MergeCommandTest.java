package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Failure;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {
    @TempDir
    Path tmp;

    private Path shard(String name, String runId, String matrix, String sha, String shard, Outcome... outcomes)
            throws Exception {
        Path dir = tmp.resolve(name);
        try (RunJournal journal = RunJournal.create(dir)) {
            for (int i = 0; i < outcomes.length; i++) {
                String id = "os/" + name + "/3.13t#" + (i + 1);
                String log = "logs/" + RunJournal.fileNameFor(id) + ".log";
                Files.writeString(dir.resolve(log), "log\n");
                journal.append(new CellResult(new CellResult.Identity(runId, id, matrix, "1", "3.13t", i + 1, 1),
                        new CellResult.Setup("os", "debian:trixie", "sha256:1", name, "uv", "f", Map.of()),
                        new CellResult.Verdict(outcomes[i],
                                outcomes[i] == Outcome.PASS ? null : new Failure("network", "down"), List.of()),
                        new CellResult.Execution(null, new Durations(1.0, 1.0, 2.0), Instant.EPOCH, Instant.EPOCH, log,
                                null, false, false), CellResult.Measurement.NONE, null,
                        CellResult.Replay.NONE));
            }
            journal.writeRunInfo(new RunInfo(runId, RunStatus.COMPLETE, matrix, "m.yaml", sha, "0.1.0",
                    Instant.parse("2026-11-25T17:00:00Z"), Instant.parse("2026-11-25T18:00:00Z"), null, null, null,
                    null, null, 1, "missing", null, null, 1, shard, outcomes.length, outcomes.length, Map.of(), Map.of(),
                    List.of()));
        }
        return dir;
    }

    @Test
    void mergePrintsWhatItMerged() throws Exception {
        Path a = shard("a", "r1", "tiers", "s", "1/2", Outcome.PASS, Outcome.INSTALL_FAILED);
        Path b = shard("b", "r2", "tiers", "s", "2/2", Outcome.PASS);
        Path out = tmp.resolve("merged");
        Cli r = Cli.run("merge", a.toString(), b.toString(), a.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("merged 3 result directories of tiers into " + out + ": 3 results from 2 runs"
                + " (shard 1/2, shard 2/2)\n"
                + "duplicates: 2 results given more than once, kept once\n"
                + "outcomes: {INSTALL_FAILED=1, PASS=2}\n"
                + "status:   complete\n");
        assertThat(Files.readAllLines(out.resolve("cells.jsonl"))).hasSize(3);
    }

    @Test
    void hostRowsRunOnTheirOwnAgentsMergeWithTheContainerShards() throws Exception {
        // As the Jenkinsfile runs them: run --executor container --shard I/N, and run --executor host per OS family.
        Path a = shard("a", "r1", "tiers", "s", "1/2", Outcome.PASS);
        Path b = shard("b", "r2", "tiers", "s", "2/2", Outcome.PASS);
        Path macos = shard("macos", "r3", "tiers", "s", null, Outcome.PASS, Outcome.INSTALL_FAILED);
        Cli r = Cli.run("merge", a.toString(), b.toString(), macos.toString(), "--out", tmp.resolve("m").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(": 4 results from 3 runs (unsharded, shard 1/2, shard 2/2)")
                .endsWith("status:   complete\n");
    }

    @Test
    void mergeSaysWhichShardIsMissing() throws Exception {
        Path a = shard("a", "r1", "tiers", "s", "1/3", Outcome.PASS);
        Path c = shard("c", "r3", "tiers", "s", "3/3", Outcome.PASS);
        Cli r = Cli.run("merge", a.toString(), c.toString(), "--out", tmp.resolve("m").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).endsWith("status:   incomplete (missing shard 2/3)\n");
    }

    @Test
    void mergeRejectsMixedMatricesNamingBothDirectoriesAndValues() throws Exception {
        Path a = shard("a", "r1", "tiers", "s1", "1/2", Outcome.PASS);
        Path b = shard("b", "r2", "tiers", "s2", "2/2", Outcome.PASS);
        Path out = tmp.resolve("m");
        Cli r = Cli.run("merge", a.toString(), b.toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("cannot merge results of different matrices: " + a + " has matrix 'tiers'"
                + " (matrix_sha256 s1) but " + b + " has matrix 'tiers' (matrix_sha256 s2); merge only results of one"
                + " matrix file\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void mergeRefusesAnOutputThatHoldsARun() throws Exception {
        Path a = shard("a", "r1", "tiers", "s", "1/2", Outcome.PASS);
        Path b = shard("b", "r2", "tiers", "s", "2/2", Outcome.PASS);
        Cli r = Cli.run("merge", a.toString(), "--out", b.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("output directory " + b + " already holds a run; choose another --out (results"
                + " are never overwritten)\n");
    }

    @Test
    void mergeNeedsAnOutputDirectory() throws Exception {
        Path a = shard("a", "r1", "tiers", "s", "1/2", Outcome.PASS);
        Cli r = Cli.run("merge", a.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ftmatrix: Missing required option: '--out=DIR'\n"
                + "Run 'ftmatrix merge --help' for usage.\n");
    }

    @Test
    void mergeReadsWhatARealRunOfAnEmptyShardWrote() throws Exception {
        Path matrix = tmp.resolve("m.yaml");
        Files.writeString(matrix, """
                name: t
                python: ["3.13t"]
                os: [{ id: debian-trixie, image: "debian:trixie" }]
                methods: [{ id: src, recipe: source-build, tier: 4 }]
                """);
        Path shard = tmp.resolve("shard-2");
        Cli run = Cli.run("run", matrix.toString(), "--shard", "2/2", "--out", shard.toString(), "--progress", "plain");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Cli r = Cli.run("merge", shard.toString(), "--out", tmp.resolve("m").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(": 0 results from 1 run (shard 2/2)\n")
                .endsWith("status:   incomplete (missing shard 1/2)\n");
    }
}
