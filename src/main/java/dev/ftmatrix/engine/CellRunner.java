package dev.ftmatrix.engine;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.recipe.RecipeOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Realises one cell: a fresh container from the cell's image, the containers directory copied in, the recipe
 * and then the probe run with the cell's deadline, and the container always removed.
 */
final class CellRunner {
    /** How long the daemon may take to report an exit code once an exec's stream has ended. */
    private static final Duration EXIT_CODE_GRACE = Duration.ofSeconds(5);

    private final DockerClient client;
    private final RunContext run;

    CellRunner(DockerClient client, RunContext run) {
        this.client = client;
        this.run = run;
    }

    CellExecution run(Cell cell, int index, Recipe recipe, ResolvedImage image) {
        Instant started = Instant.now();
        if (recipe.script().getFileName().toString().endsWith(".ps1")) {
            return new CellExecution(cell, recipe, image, started, started, null, null, null, "recipe " + recipe.name()
                    + " is a PowerShell script: it runs on a Windows agent through 'executor: host', not in a container",
                    null, false, null);
        }
        Instant deadline = started.plus(cell.timeout());
        String containerId = null;
        StepResult install = null;
        StepResult probe = null;
        String interpreter = null;
        String infraError = null;
        String cacheError = null;
        InstallCache.Hit cached = null;
        String cacheKey = null;
        try {
            if (run.reuseInstalls()) {
                cacheKey = InstallCache.key(image, recipe, cell);
                cached = run.cache().lookup(cacheKey).orElse(null);
            }
            containerId = create(cell, index, cached == null ? image.id() : cached.image());
            client.copyArchiveToContainerCmd(containerId)
                    .withTarInputStream(new ByteArrayInputStream(run.containersArchive()))
                    .withRemotePath("/")
                    .exec();
            client.startContainerCmd(containerId).exec();
            if (cached != null) {
                interpreter = cached.interpreter();
            } else {
                install = exec(containerId, "install", List.of("bash", recipe.pathInContainer()),
                        RecipeCatalog.environment(cell), deadline);
                run.listener().stepFinished(cell, install);
                if (install.succeeded()) {
                    interpreter = RecipeOutput.interpreter(install.stdout()).orElse(null);
                }
                if (interpreter != null && cacheKey != null) {
                    cacheError = storeInCache(containerId, cacheKey, interpreter, cell);
                }
            }
            if (interpreter != null) {
                probe = exec(containerId, "probe", List.of(interpreter, RecipeCatalog.PROBE_IN_CONTAINER),
                        RecipeCatalog.probeEnvironment(cell), deadline);
                run.listener().stepFinished(cell, probe);
            }
        } catch (InterruptedException e) {
            infraError = CellExecution.INTERRUPTED;
        } catch (RuntimeException e) {
            infraError = "docker: " + Docker.rootMessage(e);
        }
        if (containerId != null && infraError == null) {
            try {
                run.inspection().afterSteps(Engine.containerName(run.runId(), index));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Removed with the interrupt cleared: the Docker client gives up on an interrupted thread.
        boolean interrupted = Thread.interrupted() || CellExecution.INTERRUPTED.equals(infraError);
        String cleanupError = run.inspection().keep() ? null : remove(containerId);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new CellExecution(cell, recipe, image, started, Instant.now(), install, interpreter, probe,
                infraError, cleanupError, cached != null, cacheError);
    }

    /** Taken before the probe runs, so the cached image holds the install and nothing the probe made. */
    private String storeInCache(String containerId, String key, String interpreter, Cell cell) {
        try {
            run.cache().store(containerId, key, interpreter, cell);
            return null;
        } catch (RuntimeException e) {
            return "the install could not be cached: " + Docker.rootMessage(e);
        }
    }

    private String create(Cell cell, int index, String imageId) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(cell.network().dockerName())
                .withPrivileged(false)
                .withMemory(run.limits().memoryBytes())
                .withMemorySwap(run.limits().memoryBytes())
                .withPidsLimit(run.limits().pids());
        return client.createContainerCmd(imageId)
                .withName(Engine.containerName(run.runId(), index))
                .withLabels(run.labelsFor(cell))
                .withCmd("sleep", "infinity")
                .withHostConfig(host)
                .exec()
                .getId();
    }

    private StepResult exec(String containerId, String name, List<String> command, Map<String, String> env,
            Instant deadline) throws InterruptedException {
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        String execId = client.execCreateCmd(containerId)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withEnv(envList)
                .withCmd(command.toArray(String[]::new))
                .exec()
                .getId();
        Instant start = Instant.now();
        Capture capture = new Capture();
        long budgetMs = Math.max(0, Duration.between(start, deadline).toMillis());
        boolean completed;
        try (Capture c = client.execStartCmd(execId).exec(capture)) {
            completed = c.awaitCompletion(budgetMs, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            completed = false;
        }
        Integer exitCode = completed ? exitCode(execId) : null;
        Duration took = Duration.between(start, Instant.now());
        return new StepResult(name, exitCode, !completed, took, capture.stdout.text(), capture.stderr.text(),
                capture.stdout.totalBytes() + capture.stderr.totalBytes());
    }

    /** Drains first, then asks: a stream can end before the daemon has recorded the exit code. */
    private Integer exitCode(String execId) {
        try {
            InspectExecResponse done = await("exit code of exec " + execId)
                    .atMost(EXIT_CODE_GRACE)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> client.inspectExecCmd(execId).exec(),
                            r -> !Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null);
            return done.getExitCodeLong().intValue();
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    private String remove(String containerId) {
        if (containerId == null) {
            return null;
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
                return null;
            } catch (NotFoundException gone) {
                return null;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        return "container " + containerId + " could not be removed: " + Docker.rootMessage(last);
    }

    /** Splits the multiplexed exec stream into bounded stdout and stderr. */
    private static final class Capture extends ResultCallback.Adapter<Frame> {
        final BoundedOutput stdout = new BoundedOutput();
        final BoundedOutput stderr = new BoundedOutput();

        @Override
        public void onNext(Frame frame) {
            switch (frame.getStreamType()) {
                case STDERR -> stderr.append(frame.getPayload());
                case STDOUT, RAW -> stdout.append(frame.getPayload());
                default -> {
                    // STDIN echoes never carry step output.
                }
            }
        }
    }
}
