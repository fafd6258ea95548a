package dev.ftmatrix.run;

import dev.ftmatrix.FtmatrixVersion;
import dev.ftmatrix.Sha256;
import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.ContainerGc;
import dev.ftmatrix.engine.Docker;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.engine.Inspection;
import dev.ftmatrix.engine.ResolvedImage;
import dev.ftmatrix.engine.RetryPolicy;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Durations;
import dev.ftmatrix.results.Redactor;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a plan end to end: connect, remove containers of runs whose process is gone, resolve every image, open the
 * run directory (or reopen it, for {@code --resume}), run the cells, classify and record each as it finishes. A
 * SIGINT or SIGTERM stops the run cleanly (see {@link RunLifecycle}).
 */
public final class RunService {
    private RunService() {
    }

    /** A run id that sorts by start time and does not collide between agents: {@code 20261125-170000-3f2a}. */
    public static String newRunId() {
        return RunInfo.ID_TIME.format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** The result of a run: its directory and every cell's result in plan order. */
    public record RunReport(RunJournal journal, RunInfo info, List<CellResult> results) {
    }

    public static RunReport run(RunRequest request, RunListener listener) {
        return run(request, listener, Inspection.NONE);
    }

    /** @param inspection what happens to each container after its steps (repro's shell and keep) */
    public static RunReport run(RunRequest request, RunListener listener, Inspection inspection) {
        boolean needsDocker = request.cells().stream().anyMatch(c -> Engine.inContainer(c.os()));
        try (Docker docker = needsDocker ? Docker.connect() : null) {
            if (docker != null) {
                ContainerGc.Report gc = ContainerGc.sweep(docker, false);
                if (gc.removed() > 0) {
                    listener.leftoversRemoved(gc.removed(), gc.runsRemoved());
                }
            }
            RunLifecycle.Tracking tracking = new RunLifecycle.Tracking(listener);
            Engine engine = new Engine(docker, request.catalog(), request.runId(), request.reuseInstalls(), tracking,
                    inspection);
            Map<String, ResolvedImage> images = engine.resolveImages(request.cells(), request.pull(),
                    RetryPolicy.of(request.retries()));
            try (RunJournal journal = open(request, listener)) {
                RunInfo info = request.resume() == null ? startInfo(request, docker, images)
                        : request.resume().info().resumed(digests(images));
                journal.writeRunInfo(info);
                listener.runStarted(info);
                RunLifecycle life = new RunLifecycle(request, journal, info, engine, tracking, listener);
                Thread hook = new Thread(life::stopFromSignal, "ftmatrix-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    engine.run(request.cells(), images, request.parallel(), RetryPolicy.of(request.retries()),
                            life::record);
                } catch (RuntimeException | Error e) {
                    // The journal is about to close: the hook could only fail on it.
                    removeHook(hook);
                    throw e;
                } finally {
                    life.engineReturned();
                }
                RunInfo done = life.finish();
                removeHook(hook);
                return new RunReport(journal, done, life.lastAttemptsInPlanOrder());
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook has run or is running; it found the run finished or ended it itself.
        }
    }

    private static RunJournal open(RunRequest request, RunListener listener) {
        if (request.resume() == null) {
            return RunJournal.create(request.outDir(), Redactor.forCells(request.cells()));
        }
        RunJournal.Reopened reopened = RunJournal.reopen(request.outDir(), Redactor.forCells(request.cells()));
        if (reopened.tornBytesRemoved() > 0) {
            listener.tornLineRemoved(request.outDir().resolve(RunJournal.CELLS), reopened.tornBytesRemoved());
        }
        return reopened.journal();
    }

    /** Records the cell with what replaying it needs; every text in it redacted. */
    static CellResult record(String runId, RunJournal journal, CellExecution e, int attempt, String dockerVersion) {
        Classifier.Verdict verdict = Classifier.classify(e);
        Cell cell = e.cell();
        Map<String, String> environment = RecipeCatalog.recordedEnvironment(cell);
        String log = journal.writeLog(e.cell().id(), attempt, CellLog.of(e, environment));
        Double install = e.install() == null ? null : seconds(e.install().duration().toMillis());
        Double probe = e.probe() == null ? null : seconds(e.probe().duration().toMillis());
        double total = seconds(java.time.Duration.between(e.startedAt(), e.finishedAt()).toMillis());
        String image = Engine.placeOf(cell.os());
        boolean inContainer = Engine.inContainer(cell.os());
        CellResult.Identity identity = new CellResult.Identity(runId, cell.id(), cell.matrixName(),
                cell.method().tier().label(), cell.python().toString(), cell.repeat(), attempt);
        CellResult.Setup setup = new CellResult.Setup(cell.os().id(), image,
                e.image() == null ? null : e.image().digest(), cell.method().id(), cell.method().recipe(),
                e.recipe() == null ? null : e.recipe().contentSha256(), cell.method().sortedWith());
        CellResult.Execution execution = new CellResult.Execution(e.interpreter(),
                new Durations(install, probe, total), e.startedAt(), e.finishedAt(), log, e.cleanupError(),
                e.installReused(), e.image() != null && e.image().simulated());
        CellResult.Measurement measurement = new CellResult.Measurement(
                inContainer ? cell.method().limits() : null,
                e.timing() == null ? null : new CellResult.Timing(e.timing().startedAt(), e.timing().finishedAt()),
                e.memory() == null ? null
                        : new CellResult.PeakMemory(e.memory().installPeakBytes(), e.memory().probePeakBytes()));
        CellResult result = new CellResult(identity, setup,
                new CellResult.Verdict(verdict.outcome(), verdict.failure(), Classifier.warnings(verdict.probe())),
                execution, measurement, verdict.probe(),
                new CellResult.Replay(FtmatrixVersion.get(), inContainer ? dockerVersion : null, environment));
        result = journal.redact(result);
        journal.append(result);
        return result;
    }

    private static Map<String, String> digests(Map<String, ResolvedImage> images) {
        Map<String, String> digests = new TreeMap<>();
        images.forEach((name, img) -> digests.put(name, img.digest()));
        return digests;
    }

    private static RunInfo startInfo(RunRequest r, Docker docker, Map<String, ResolvedImage> images) {
        return new RunInfo(r.runId(), RunStatus.RUNNING, r.matrix().name(), r.matrix().source().toString(),
                sha256(r.matrix().source()), FtmatrixVersion.get(), Instant.now(), null,
                docker == null ? null : docker.host(), docker == null ? null : docker.serverVersion(),
                docker == null ? null : docker.apiVersion(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), r.parallel(),
                r.pull().name().toLowerCase(java.util.Locale.ROOT), r.only(), r.skip(), r.matrix().repeats(),
                r.shard() == null ? null : r.shard().toString(), r.cells().size(), 0, Map.of(), digests(images), List.of());
    }

    static List<CellResult> inPlanOrder(List<Cell> plan, List<CellResult> results) {
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            position.put(plan.get(i).id(), i);
        }
        List<CellResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparingInt(r -> position.getOrDefault(r.identity().cell(),
                Integer.MAX_VALUE)));
        return List.copyOf(sorted);
    }

    private static double seconds(long millis) {
        return Math.round(millis / 100.0) / 10.0;
    }

    /** The SHA-256 of a file, as run.json records the matrix file's. */
    public static String sha256(java.nio.file.Path file) {
        try {
            return Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
