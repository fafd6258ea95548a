package dev.ftmatrix.engine;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.ftmatrix.engine.docker.DockerExecutor;
import dev.ftmatrix.engine.host.HostExecutor;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.OsFamily;
import dev.ftmatrix.matrix.OsSpec;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs cells in containers, up to {@code parallel} at a time, hands each attempt of a cell to a sink as soon as
 * it ends, and runs again the cells the machine failed. Every container carries the run's label, so whatever
 * this process leaves behind can be found.
 */
public final class Engine {
    private final Docker docker;
    private final RecipeCatalog catalog;
    private final RunContext context;
    private volatile boolean stopping;
    private volatile ExecutorService pool;

    /**
     * @param docker the daemon, or null when every cell runs on the host executor
     * @param reuseInstalls start cells from a cached install where one matches, and cache each successful install;
     *     off for reliability runs, which measure the install itself
     * @param inspection what happens to each container after its steps (repro's shell and keep)
     */
    public Engine(Docker docker, RecipeCatalog catalog, String runId, boolean reuseInstalls, EngineListener listener,
            Inspection inspection) {
        this.docker = docker;
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        byte[] archive = ContainersArchive.of(catalog.root(), RecipeCatalog.CONTAINER_ROOT.substring(1));
        this.context = new RunContext(runId, archive, Objects.requireNonNull(listener, "listener"),
                reuseInstalls && docker != null ? new InstallCache(docker) : null,
                Objects.requireNonNull(inspection, "inspection"));
    }

    /**
     * Resolves every distinct image first, so a missing image stops the run before any cell starts; a failed pull is
     * tried again as {@code retry} says.
     */
    public Map<String, ResolvedImage> resolveImages(List<Cell> cells, PullPolicy policy, RetryPolicy retry) {
        Images images = docker == null ? null : new Images(docker);
        Map<String, ResolvedImage> resolved = new LinkedHashMap<>();
        for (Cell cell : cells) {
            if (inContainer(cell.os())) {
                resolved.computeIfAbsent(cell.os().image(),
                        image -> images.resolve(image, policy, retry, context.listener()));
            }
        }
        return resolved;
    }

    /**
     * Runs the cells and returns when all have finished, or, after {@link #stop}, when the cells that had started
     * have. The sink is called from worker threads, once per attempt, in completion order; an attempt the sink calls
     * an infrastructure failure is run again while the policy allows, after a backoff and once the daemon answers.
     */
    public void run(List<Cell> cells, Map<String, ResolvedImage> images, int parallel, RetryPolicy retry,
            CellSink sink) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, cells.size())),
                workerThreads());
        this.pool = pool;
        CellExecutor inContainer = docker == null ? null : new DockerExecutor(docker.client(), context);
        CellExecutor onHost = new HostExecutor(catalog.root());
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            int index = i + 1;
            futures.add(pool.submit(() -> {
                for (int attempt = 1; !stopping; attempt++) {
                    CellExecution execution = attempt(cell, index, attempt,
                            inContainer(cell.os()) ? inContainer : onHost, images);
                    // The interrupt that stops a cell can surface as any I/O error of the Docker client.
                    if (stopping && execution.infrastructureError() != null && !Applicability.notApplicable(execution)) {
                        execution = execution.interrupted();
                    }
                    // Recording must not see the interrupt that stopped the cell.
                    Thread.interrupted();
                    boolean again = sink.accept(execution, attempt, retry.retries() - attempt + 1);
                    if (!again || stopping || attempt > retry.retries() || !awaitRetry(cell, retry, attempt + 1)) {
                        return;
                    }
                }
            }));
        }
        pool.shutdown();
        try {
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (CancellationException notStarted) {
                    // Stopped before it began: nothing to record.
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            pool.shutdownNow();
            throw new IllegalStateException("a cell's result could not be recorded", e.getCause());
        }
    }

    /**
     * The name of a cell's container: {@code slot} is the cell's place in the run, counted from 1, with the attempt
     * after a dash from the second attempt on ({@code 3-2}).
     */
    public static String containerName(String runId, String slot) {
        return "ftmatrix-" + runId + "-" + slot;
    }

    /**
     * Starts no more cells and interrupts the running ones: each ends with the infrastructure error
     * {@link InfraFailure#INTERRUPTED}, its container removed, and is handed to the sink. Returns at once.
     */
    public void stop() {
        stopping = true;
        ExecutorService running = pool;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /**
     * Whether cells of this os run in a container (the Docker executor) rather than on this machine (the host
     * executor): the one place that tells the executors apart.
     */
    public static boolean inContainer(OsSpec os) {
        return !os.onHost();
    }

    /** Where cells of this os run, as plans, logs and results name it: its image, or {@code host}. */
    public static String placeOf(OsSpec os) {
        return inContainer(os) ? os.image() : "host";
    }

    private CellExecution attempt(Cell cell, int index, int attempt, CellExecutor executor,
            Map<String, ResolvedImage> images) {
        context.listener().cellStarted(cell);
        try {
            Recipe recipe = catalog.require(cell.method().recipe());
            String notApplicable = Applicability.reason(cell, recipe, OsFamily.thisMachine());
            if (notApplicable != null) {
                Instant now = Instant.now();
                return new CellExecution(cell, recipe, images.get(cell.os().image()), now, now, null, null, null,
                        new InfraFailure(InfraFailure.NOT_APPLICABLE, notApplicable), null, false, null);
            }
            // Each attempt gets a container name of its own: a restarted daemon may still hold the last one.
            return CellSteps.run(executor, cell, attempt == 1 ? Integer.toString(index) : index + "-" + attempt,
                    recipe, images.get(cell.os().image()), context.listener());
        } catch (RuntimeException e) {
            Instant now = Instant.now();
            return new CellExecution(cell, null, images.get(cell.os().image()), now, now, null, null, null,
                    new InfraFailure(InfraFailure.INTERNAL, "ftmatrix: " + Docker.rootMessage(e)), null, false, null);
        }
    }

    /**
     * Waits out the backoff before attempt {@code next}, then up to the policy's deadline for the daemon to answer a
     * ping (an attempt against a daemon still down would only fail again), and removes what the failed attempt
     * could not. False when the run is being interrupted.
     */
    private boolean awaitRetry(Cell cell, RetryPolicy retry, int next) {
        try {
            Thread.sleep(retry.backoffBefore(next).toMillis());
            if (docker != null) {
                await("the Docker daemon before attempt " + next)
                        .atMost(retry.daemonWait())
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions()
                        .until(() -> {
                            docker.client().pingCmd().exec();
                            return true;
                        });
                removeLeftoversOf(cell);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ConditionTimeoutException stillDown) {
            // The next attempt records the daemon's error itself, so the journal says why the cell gave up.
            return true;
        }
    }

    /** Removes every container labelled with this run; returns how many were removed. */
    public int removeContainers() {
        return docker == null ? 0 : removeContainersOf(docker, context.runId());
    }

    /** A failed attempt's container, left behind when the daemon was down as the attempt ended. */
    private void removeLeftoversOf(Cell cell) {
        try {
            removeContainers(docker, Map.of(RunContext.LABEL_RUN, context.runId(), RunContext.LABEL_CELL, cell.id()));
        } catch (RuntimeException e) {
            // The failed attempt's cleanup_error names the container; the retry does not depend on its removal.
        }
    }

    /** Containers labelled with a run id, running or not. */
    public static List<String> containersOf(Docker docker, String runId) {
        return docker.client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(RunContext.LABEL_RUN, runId))
                .exec()
                .stream()
                .map(Container::getId)
                .toList();
    }

    static int removeContainersOf(Docker docker, String runId) {
        return removeContainers(docker, Map.of(RunContext.LABEL_RUN, runId));
    }

    private static int removeContainers(Docker docker, Map<String, String> labels) {
        int removed = 0;
        List<String> ids = docker.client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()
                .stream().map(Container::getId).toList();
        for (String id : ids) {
            try {
                docker.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (NotFoundException alreadyGone) {
                // Removed by its cell in the meantime.
            }
        }
        return removed;
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ftmatrix-cell-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
