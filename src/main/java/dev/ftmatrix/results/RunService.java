package dev.ftmatrix.results;

import dev.ftmatrix.FtmatrixVersion;
import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.Docker;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.engine.ResolvedImage;
import dev.ftmatrix.engine.RetryPolicy;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a plan end to end: connect, resolve every image, open the run directory, run the cells, classify and
 * record each as it finishes. Containers of the run are removed even when the process is interrupted.
 */
public final class RunService {
    static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private RunService() {
    }

    /** A run id that sorts by start time and does not collide between agents: {@code 20261125-170000-3f2a}. */
    public static String newRunId() {
        return RUN_ID_TIME.format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** The result of a run: its directory and every cell's result in plan order. */
    public record RunReport(RunJournal journal, RunInfo info, List<CellResult> results) {
    }

    public static RunReport run(RunRequest request, RunListener listener) {
        boolean needsDocker = request.cells().stream().anyMatch(c -> !c.os().onHost());
        try (Docker docker = needsDocker ? Docker.connect() : null) {
            Engine engine = new Engine(docker, request.catalog(), request.runId(), request.reuseInstalls(), listener);
            Map<String, ResolvedImage> images = engine.resolveImages(request.cells(), request.pull());
            try (RunJournal journal = RunJournal.create(request.outDir())) {
                RunInfo info = startInfo(request, docker, images);
                journal.writeRunInfo(info);
                listener.runStarted(info);
                List<CellResult> results = Collections.synchronizedList(new ArrayList<>());
                Thread cleanup = new Thread(() -> {
                    engine.removeContainers();
                    journal.writeRunInfo(info.finished("interrupted", Instant.now(), results.size(), counts(results)));
                }, "ftmatrix-cleanup");
                Runtime.getRuntime().addShutdownHook(cleanup);
                engine.run(request.cells(), images, request.parallel(), RetryPolicy.of(request.retries()),
                        (execution, attempt, retriesLeft) -> {
                            CellResult result = record(request.runId(), journal, execution, attempt);
                            if (retriesLeft > 0 && Classifier.retryable(result.outcome(), result.failure())) {
                                listener.attemptFailed(result, retriesLeft);
                                return true;
                            }
                            int finished;
                            synchronized (results) {
                                results.add(result);
                                finished = results.size();
                            }
                            listener.cellRecorded(result, finished, request.cells().size());
                            return false;
                        });
                Runtime.getRuntime().removeShutdownHook(cleanup);
                RunInfo done = info.finished("complete", Instant.now(), results.size(), counts(results));
                journal.writeRunInfo(done);
                return new RunReport(journal, done, inPlanOrder(request.cells(), results));
            }
        }
    }

    /** Classifies one attempt of a cell and appends it, with its log, to the journal. */
    static CellResult record(String runId, RunJournal journal, CellExecution e, int attempt) {
        Classifier.Verdict verdict = Classifier.classify(e);
        Cell cell = e.cell();
        String log = journal.writeLog(e, attempt, RecipeCatalog.environment(cell));
        Double install = e.install() == null ? null : seconds(e.install().duration().toMillis());
        Double probe = e.probe() == null ? null : seconds(e.probe().duration().toMillis());
        double total = seconds(java.time.Duration.between(e.startedAt(), e.finishedAt()).toMillis());
        String image = cell.os().onHost() ? "host" : cell.os().image();
        CellResult result = new CellResult(runId, cell.id(), cell.matrixName(), cell.os().id(), image,
                e.image() == null ? null : e.image().digest(), cell.method().id(), cell.method().recipe(),
                e.recipe() == null ? null : e.recipe().contentSha256(), cell.method().sortedWith(),
                cell.method().tier().label(), cell.python().toString(), cell.repeat(), attempt, verdict.outcome(),
                verdict.failure(), Classifier.warnings(verdict.probe()), e.interpreter(), new Durations(install, probe, total), e.startedAt(),
                e.finishedAt(), verdict.probe(), log, e.cleanupError(), e.installReused(),
                e.image() != null && e.image().simulated(), cell.os().onHost() ? null : cell.method().limits());
        journal.append(result);
        return result;
    }

    private static RunInfo startInfo(RunRequest r, Docker docker, Map<String, ResolvedImage> images) {
        Map<String, String> digests = new TreeMap<>();
        images.forEach((name, img) -> digests.put(name, img.digest()));
        return new RunInfo(r.runId(), "running", r.matrix().name(), r.matrix().source().toString(),
                sha256(r.matrix().source()), FtmatrixVersion.get(), Instant.now(), null,
                docker == null ? null : docker.host(), docker == null ? null : docker.serverVersion(),
                docker == null ? null : docker.apiVersion(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), r.parallel(),
                r.pull().name().toLowerCase(java.util.Locale.ROOT), r.only(), r.matrix().repeats(),
                r.shard() == null ? null : r.shard().toString(), r.cells().size(), 0, Map.of(), digests, List.of());
    }

    static Map<String, Integer> counts(List<CellResult> results) {
        Map<Outcome, Integer> byOutcome = new EnumMap<>(Outcome.class);
        synchronized (results) {
            results.forEach(r -> byOutcome.merge(r.outcome(), 1, Integer::sum));
        }
        Map<String, Integer> named = new LinkedHashMap<>();
        byOutcome.forEach((o, n) -> named.put(o.name(), n));
        return named;
    }

    private static List<CellResult> inPlanOrder(List<Cell> plan, List<CellResult> results) {
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            position.put(plan.get(i).id(), i);
        }
        List<CellResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparingInt(r -> position.getOrDefault(r.cell(), Integer.MAX_VALUE)));
        return List.copyOf(sorted);
    }

    private static double seconds(long millis) {
        return Math.round(millis / 100.0) / 10.0;
    }

    private static String sha256(java.nio.file.Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
