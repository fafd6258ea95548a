package dev.ftmatrix.engine;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.RecipeCatalog;
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
import java.util.function.Consumer;

/**
 * Runs cells in containers, up to {@code parallel} at a time, and hands each finished cell to a sink as soon as
 * it ends. Every container carries the run's label, so whatever this process leaves behind can be found.
 */
public final class Engine {
    private final Docker docker;
    private final RecipeCatalog catalog;
    private final RunContext context;
    private volatile boolean stopping;
    private volatile ExecutorService pool;

    /**
     * @param reuseInstalls start cells from a cached install where one matches, and cache each successful install;
     *     off for reliability runs, which measure the install itself
     */
    /** @param docker the daemon, or null when every cell runs on the host executor */
    public Engine(Docker docker, RecipeCatalog catalog, String runId, ContainerLimits limits, boolean reuseInstalls,
            EngineListener listener) {
        this(docker, catalog, runId, limits, reuseInstalls, listener, Inspection.NONE);
    }

    /** @param inspection what happens to each container after its steps (repro's shell and keep) */
    public Engine(Docker docker, RecipeCatalog catalog, String runId, ContainerLimits limits, boolean reuseInstalls,
            EngineListener listener, Inspection inspection) {
        this.docker = docker;
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        byte[] archive = ContainersArchive.of(catalog.root(), RecipeCatalog.CONTAINER_ROOT.substring(1));
        this.context = new RunContext(runId, archive, limits, Objects.requireNonNull(listener, "listener"),
                reuseInstalls && docker != null ? new InstallCache(docker) : null,
                Objects.requireNonNull(inspection, "inspection"));
    }

    /** Resolves every distinct image first, so a missing image stops the run before any cell starts. */
    public Map<String, ResolvedImage> resolveImages(List<Cell> cells, PullPolicy policy) {
        Images images = docker == null ? null : new Images(docker);
        Map<String, ResolvedImage> resolved = new LinkedHashMap<>();
        for (Cell cell : cells) {
            if (!cell.os().onHost()) {
                resolved.computeIfAbsent(cell.os().image(), image -> images.resolve(image, policy));
            }
        }
        return resolved;
    }

    /**
     * Runs the cells and returns when all have finished, or, after {@link #stop}, when the cells that had started
     * have. The sink is called from worker threads, once per started cell, in completion order.
     */
    public void run(List<Cell> cells, Map<String, ResolvedImage> images, int parallel, Consumer<CellExecution> sink) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, cells.size())),
                workerThreads());
        this.pool = pool;
        CellRunner runner = docker == null ? null : new CellRunner(docker.client(), context);
        HostRunner hostRunner = new HostRunner(catalog.root(), context);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            int index = i + 1;
            futures.add(pool.submit(() -> {
                if (stopping) {
                    return;
                }
                context.listener().cellStarted(cell);
                CellExecution execution;
                try {
                    execution = cell.os().onHost()
                            ? hostRunner.run(cell, catalog.require(cell.method().recipe()))
                            : runner.run(cell, index, catalog.require(cell.method().recipe()),
                                    images.get(cell.os().image()));
                } catch (RuntimeException e) {
                    Instant now = Instant.now();
                    execution = new CellExecution(cell, null, images.get(cell.os().image()), now, now, null, null, null,
                            "ftmatrix: " + Docker.rootMessage(e), null, false, null);
                }
                // The interrupt that stops a cell can surface as any I/O error of the Docker client.
                if (stopping && execution.infrastructureError() != null) {
                    execution = execution.interrupted();
                }
                // Recording must not see the interrupt that stopped the cell.
                Thread.interrupted();
                sink.accept(execution);
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

    /** The name of the container of the run's {@code index}-th cell, counted from 1. */
    public static String containerName(String runId, int index) {
        return "ftmatrix-" + runId + "-" + index;
    }

    /**
     * Starts no more cells and interrupts the running ones: each ends with the infrastructure error
     * {@link CellExecution#INTERRUPTED}, its container removed, and is handed to the sink. Returns at once.
     */
    public void stop() {
        stopping = true;
        ExecutorService running = pool;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** Removes every container labelled with this run; returns how many were removed. */
    public int removeContainers() {
        return docker == null ? 0 : removeContainersOf(docker, context.runId());
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
        int removed = 0;
        for (String id : containersOf(docker, runId)) {
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
