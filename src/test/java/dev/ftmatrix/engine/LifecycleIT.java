package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI in its own process, stopped for real mid-run: by SIGKILL (then gc or --resume cleans up and
 * finishes) and by SIGTERM (the run stops itself cleanly). Cells use a test recipe that only sleeps, on the real
 * daemon with debian:trixie, so each test takes seconds; the tests wait by polling for the state they need.
 */
class LifecycleIT {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Path containersDir() throws IOException {
        Path dir = tmp.resolve("containers");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir.resolve("recipes"));
        Files.createDirectories(dir.resolve("probe"));
        Files.copy(Path.of("containers/probe/smoke.py"), dir.resolve("probe/smoke.py"));
        Files.copy(Path.of("src/test/resources/lifecycle/recipes/sleep.sh"), dir.resolve("recipes/sleep.sh"));
        return dir;
    }

    private Path matrix(int seconds, int repeats, int parallel) throws IOException {
        Path m = tmp.resolve("sleep.yaml");
        Files.writeString(m, """
                name: lifecycle
                python: ["3.13t"]
                repeats: %d
                parallel: %d
                timeout: 30m
                os: [{ id: debian-trixie, image: debian:trixie }]
                methods: [{ id: sleep, recipe: sleep, tier: 1, with: { seconds: "%d" } }]
                """.formatted(repeats, parallel, seconds));
        return m;
    }

    private Process start(String name, String... args) throws IOException {
        // Through perl, which sets SIGINT back to its default before it becomes the JVM: a suite started in the
        // background of a non-interactive shell (nohup ... &) inherits SIGINT ignored, the JVM then leaves it
        // ignored, as a background job should, and Ctrl-C could not be tested.
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"$!\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/ftmatrix.jar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
        started.add(p);
        return p;
    }

    private record Finished(int code, String out, String err) {
    }

    private Finished finish(String name, Process p) throws Exception {
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(name + " ends").isTrue();
        return new Finished(p.exitValue(), Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    private Finished ftmatrix(String name, String... args) throws Exception {
        return finish(name, start(name, args));
    }

    /** Waits until the run has written run.json and has {@code n} labelled containers, and gives its id. */
    private static String awaitRunningCells(Process run, Path out, int n, int linesRecorded) {
        return await("run with " + n + " cells in flight and " + linesRecorded + " recorded")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the run ended early", () -> !run.isAlive())
                .until(() -> {
                    if (!Files.exists(out.resolve("run.json"))) {
                        return null;
                    }
                    String id = RunFixture.runInfo(out).get("run_id").asText();
                    boolean ready = RunFixture.containersOfRun(id).size() == n
                            && Files.readAllLines(out.resolve("cells.jsonl")).size() == linesRecorded;
                    return ready ? id : null;
                }, id -> id != null);
    }

    /** SIGKILL: nothing in the process runs, no shutdown hook, no cleanup. */
    private static void killNine(Process run) throws InterruptedException {
        run.destroyForcibly();
        assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }

    private static List<String> linesOf(String out, String runId) {
        return out.lines().filter(l -> l.contains(runId)).toList();
    }

    private Process run(Path matrix, Path out, String name) throws IOException {
        return start(name, "run", matrix.toString(), "--containers", containersDir().toString(), "--out",
                out.toString(), "--progress", "plain", "--pull", "never");
    }

    @Test
    void afterKillNineGcRemovesEveryContainerOfTheRun() throws Exception {
        Path out = tmp.resolve("killed");
        Process run = run(matrix(600, 2, 2), out, "run");
        String runId = awaitRunningCells(run, out, 2, 0);
        killNine(run);
        assertThat(RunFixture.containersOfRun(runId)).as("kill -9 leaves the cells' containers").hasSize(2);

        Finished dry = ftmatrix("gc-dry", "gc", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(linesOf(dry.out(), runId)).hasSize(2).allMatch(l -> l.matches(
                "\\S+ +" + runId + " +debian-trixie/sleep/3\\.13t#[12] +would remove +its run's process " + run.pid()
                        + " has ended"));
        assertThat(dry.out()).contains("; nothing was removed");
        assertThat(RunFixture.containersOfRun(runId)).hasSize(2);

        Finished gc = ftmatrix("gc", "gc");
        assertThat(gc.code()).as(gc.err()).isZero();
        assertThat(linesOf(gc.out(), runId)).hasSize(2).allMatch(l -> l.matches(
                "\\S+ +" + runId + " +debian-trixie/sleep/3\\.13t#[12] +removed +its run's process " + run.pid()
                        + " has ended"));
        assertThat(RunFixture.containersOfRun(runId)).isEmpty();
    }

    @Test
    void sigtermRecordsRunningCellsAsInterruptedAndResumeRunsThemAsTheNextAttempt() throws Exception {
        Path out = tmp.resolve("stopped");
        Process run = run(matrix(600, 3, 2), out, "run");
        String runId = awaitRunningCells(run, out, 2, 0);
        run.destroy();
        Finished stopped = finish("run", run);

        assertThat(stopped.code()).as(stopped.out() + stopped.err()).isEqualTo(143);
        assertThat(stopped.out()).contains("ftmatrix: run " + runId + " stopped: 2 running cells recorded as"
                + " interrupted, 1 not started, its containers removed; finish it with: ftmatrix run --resume " + out);
        assertThat(RunFixture.containersOfRun(runId)).isEmpty();
        JsonNode info = RunFixture.runInfo(out);
        assertThat(info.get("status").asText()).isEqualTo("interrupted");
        assertThat(info.get("finished_at").isNull()).isFalse();
        List<JsonNode> cells = RunFixture.cells(out);
        assertThat(cells).extracting(c -> c.get("cell").asText())
                .containsExactlyInAnyOrder("debian-trixie/sleep/3.13t#1", "debian-trixie/sleep/3.13t#2");
        for (JsonNode c : cells) {
            assertThat(c.get("outcome").asText()).as(c.toString()).isEqualTo("INFRA_ERROR");
            assertThat(c.get("failure").get("category").asText()).isEqualTo("interrupted");
            assertThat(c.get("attempt").asInt()).isEqualTo(1);
        }

        Files.writeString(containersDir().resolve("recipes/lifecycle-fast"), "");
        Finished resumed = ftmatrix("resume", "run", "--resume", out.toString(), "--containers",
                containersDir().toString(), "--progress", "plain");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        List<JsonNode> all = RunFixture.cells(out);
        assertThat(all).hasSize(5);
        assertThat(all.subList(2, 5)).extracting(c -> c.get("cell").asText() + " " + c.get("attempt").asInt() + " "
                + c.get("outcome").asText() + " " + c.get("log").asText()).containsExactlyInAnyOrder(
                "debian-trixie/sleep/3.13t#1 2 INSTALL_FAILED logs/debian-trixie__sleep__3.13t_1.attempt-2.log",
                "debian-trixie/sleep/3.13t#2 2 INSTALL_FAILED logs/debian-trixie__sleep__3.13t_2.attempt-2.log",
                "debian-trixie/sleep/3.13t#3 1 INSTALL_FAILED logs/debian-trixie__sleep__3.13t_3.log");
        assertThat(out.resolve("logs/debian-trixie__sleep__3.13t_1.log")).as("the interrupted attempt's log")
                .content().contains("interrupted");
        assertThat(RunFixture.runInfo(out).get("status").asText()).isEqualTo("complete");
    }

    @Test
    void sigintStopsTheRunLikeSigtermAndExitsWith130() throws Exception {
        Path out = tmp.resolve("ctrl-c");
        Process run = run(matrix(600, 1, 1), out, "run");
        String runId = awaitRunningCells(run, out, 1, 0);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Finished stopped = finish("run", run);

        assertThat(stopped.code()).as(stopped.out() + stopped.err()).isEqualTo(130);
        assertThat(RunFixture.containersOfRun(runId)).isEmpty();
        assertThat(RunFixture.runInfo(out).get("status").asText()).isEqualTo("interrupted");
        assertThat(RunFixture.cell(out, "debian-trixie/sleep/3.13t#1").get("failure").get("category").asText())
                .isEqualTo("interrupted");
    }

    @Test
    void resumeAfterKillNineCompletesThePlanWithEachCellOnce() throws Exception {
        Path out = tmp.resolve("resumed");
        Path matrix = matrix(2, 3, 1);
        Process run = run(matrix, out, "run");
        String runId = awaitRunningCells(run, out, 1, 1);
        killNine(run);

        Finished resumed = ftmatrix("resume", "run", "--resume", out.toString(), "--containers",
                containersDir().toString(), "--progress", "plain");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out())
                .contains("gc: removed 1 container of 1 earlier run whose process is gone")
                .contains("ftmatrix run --resume " + runId + ": 2 of 3 cells of lifecycle to run");
        List<JsonNode> cells = RunFixture.cells(out);
        assertThat(cells).extracting(c -> c.get("cell").asText()).containsExactlyInAnyOrder(
                "debian-trixie/sleep/3.13t#1", "debian-trixie/sleep/3.13t#2", "debian-trixie/sleep/3.13t#3");
        for (JsonNode c : cells) {
            assertThat(c.get("outcome").asText()).as(c.toString()).isEqualTo("INSTALL_FAILED");
            assertThat(c.get("run_id").asText()).isEqualTo(runId);
        }
        JsonNode info = RunFixture.runInfo(out);
        assertThat(info.get("status").asText()).isEqualTo("complete");
        assertThat(info.get("cells_finished").asInt()).isEqualTo(3);
        assertThat(RunFixture.containersOfRun(runId)).isEmpty();

        Finished again = ftmatrix("again", "run", "--resume", out.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo("run " + runId + " in " + out + " is complete (3 cells): nothing to resume\n");
    }
}
