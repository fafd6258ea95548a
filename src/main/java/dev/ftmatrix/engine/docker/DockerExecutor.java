package dev.ftmatrix.engine.docker;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.ftmatrix.engine.BoundedOutput;
import dev.ftmatrix.engine.CellExecutor;
import dev.ftmatrix.engine.Docker;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.engine.InfraFailure;
import dev.ftmatrix.engine.InstallCache;
import dev.ftmatrix.engine.ResolvedImage;
import dev.ftmatrix.engine.RunContext;
import dev.ftmatrix.engine.StepResult;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.ResourceLimits;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The container executor: each attempt of a cell gets a fresh container from the cell's image (or from its cached
 * install), the containers directory copied in, its steps run through {@code docker exec}, and the container
 * always removed. Never privileged, no mounts, and only the capabilities package managers need.
 */
public final class DockerExecutor implements CellExecutor {
    /** How long the daemon may take to report an exit code once an exec's stream has ended. */
    private static final Duration EXIT_CODE_GRACE = Duration.ofSeconds(5);
    private static final Duration OOM_CHECK_DEADLINE = Duration.ofSeconds(30);
    private static final Pattern OOM_KILL = Pattern.compile("(?m)^oom_kill (\\d+)$");
    private static final Pattern BYTES = Pattern.compile("(?m)^(\\d+)$");
    /** cgroup v1's peak usage, then v2's (kernel 5.19 and later); whichever this host has. */
    private static final List<String> PEAK_MEMORY = List.of("cat", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes",
            "/sys/fs/cgroup/memory.peak");
    static final Capability[] KEPT_CAPABILITIES = {Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER,
        Capability.FSETID, Capability.SETUID, Capability.SETGID, Capability.KILL};

    private final DockerClient client;
    private final RunContext run;

    public DockerExecutor(DockerClient client, RunContext run) {
        this.client = client;
        this.run = run;
    }

    @Override
    public Workspace workspace(Cell cell, String slot, Recipe recipe, ResolvedImage image) {
        return new Container(cell, slot, recipe, image);
    }

    /** One attempt's container; {@code id} is null until it is created. */
    private final class Container implements Workspace {
        private final Cell cell;
        private final String slot;
        private final Recipe recipe;
        private final ResolvedImage image;
        private String id;
        private String cacheKey;
        private InstallCache.Hit cached;

        Container(Cell cell, String slot, Recipe recipe, ResolvedImage image) {
            this.cell = cell;
            this.slot = slot;
            this.recipe = recipe;
            this.image = image;
        }

        @Override
        public ResolvedImage image() {
            return image;
        }

        @Override
        public String unsupported() {
            return recipe.script().getFileName().toString().endsWith(".ps1")
                    ? "recipe " + recipe.name() + " is a PowerShell script: it runs on a Windows agent through"
                            + " 'executor: host', not in a container"
                    : null;
        }

        @Override
        public void prepare() {
            if (run.reuseInstalls()) {
                cacheKey = InstallCache.key(image, recipe, cell);
                cached = run.cache().lookup(cacheKey).orElse(null);
            }
            id = create(cell, slot, cached == null ? image.id() : cached.image());
            client.copyArchiveToContainerCmd(id)
                    .withTarInputStream(new ByteArrayInputStream(run.containersArchive()))
                    .withRemotePath("/")
                    .exec();
            client.startContainerCmd(id).exec();
        }

        @Override
        public String cachedInterpreter() {
            return cached == null ? null : cached.interpreter();
        }

        @Override
        public Twin cachedTwin() {
            return cached == null ? Twin.NONE : cached.twin();
        }

        @Override
        public List<String> installCommand() {
            return List.of("bash", recipe.pathInContainer());
        }

        @Override
        public Map<String, String> installEnvironment() {
            return RecipeCatalog.environment(cell);
        }

        @Override
        public List<String> probeCommand(String interpreter) {
            return List.of(interpreter, RecipeCatalog.PROBE_IN_CONTAINER);
        }

        @Override
        public Map<String, String> probeEnvironment() {
            return RecipeCatalog.probeEnvironment(cell);
        }

        @Override
        public List<String> timingCommand(String interpreter) {
            return List.of(interpreter, RecipeCatalog.TIMING_IN_CONTAINER);
        }

        @Override
        public Map<String, String> timingEnvironment(Twin twin) {
            return RecipeCatalog.timingEnvironment(cell, twin.interpreter(), twin.error());
        }

        @Override
        public StepResult exec(String name, List<String> command, Map<String, String> env, Instant deadline)
                throws InterruptedException {
            return DockerExecutor.this.exec(id, name, command, env, deadline);
        }

        @Override
        public Long peakMemory() throws InterruptedException {
            StepResult read = DockerExecutor.this.exec(id, "peak-memory", PEAK_MEMORY, Map.of(),
                    Instant.now().plus(OOM_CHECK_DEADLINE));
            Matcher m = BYTES.matcher(read.stdout());
            return m.find() ? Long.valueOf(m.group(1)) : null;
        }

        @Override
        public InfraFailure machineFailure(StepResult step) throws InterruptedException {
            return DockerExecutor.this.machineFailure(id, step, cell);
        }

        @Override
        public String installed(String interpreter, Twin twin) {
            return cacheKey == null ? null : storeInCache(id, cacheKey, interpreter, twin, cell);
        }

        @Override
        public void afterSteps() throws InterruptedException {
            if (id != null) {
                run.inspection().afterSteps(Engine.containerName(run.runId(), slot));
            }
        }

        @Override
        public InfraFailure failure(Exception e) {
            if (e instanceof NotFoundException) {
                return id == null
                        ? new InfraFailure(InfraFailure.IMAGE, "image " + image.name() + " is no longer on the daemon ("
                                + Docker.rootMessage(e) + ")")
                        : new InfraFailure(InfraFailure.DAEMON, "the container vanished: " + Docker.rootMessage(e));
            }
            return new InfraFailure(InfraFailure.DAEMON, "docker: " + Docker.rootMessage(e));
        }

        @Override
        public String close() {
            return run.inspection().keep() ? null : remove(id);
        }
    }

    /** Taken before the probe runs, so the cached image holds the install and nothing the probe made. */
    private String storeInCache(String containerId, String key, String interpreter, Twin twin, Cell cell) {
        try {
            run.cache().store(containerId, key, interpreter, twin, cell);
            return null;
        } catch (RuntimeException e) {
            return "the install could not be cached: " + Docker.rootMessage(e);
        }
    }

    /**
     * A step that failed because of the machine rather than the method: the container stopped under it (the daemon
     * restarted) or the kernel killed it at our memory limit. Null when the step succeeded or the method failed.
     */
    private InfraFailure machineFailure(String containerId, StepResult step, Cell cell) throws InterruptedException {
        if (step.succeeded() || step.timedOut()) {
            return null;
        }
        InspectContainerResponse.ContainerState state = client.inspectContainerCmd(containerId).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return new InfraFailure(InfraFailure.DAEMON, "the container stopped while the " + step.name()
                    + " step ran (was the daemon restarted?)");
        }
        if (Boolean.TRUE.equals(state.getOOMKilled()) || oomKills(containerId) > 0) {
            return new InfraFailure(InfraFailure.OOM, "the " + step.name() + " step was killed at the container's"
                    + " memory limit of " + cell.method().limits().memoryBytes() / (1024 * 1024) + " MiB;"
                    + " raise 'limits.memory' for method " + cell.method().id());
        }
        return null;
    }

    /**
     * The kernel's count of OOM kills in the container's memory cgroup. Docker (20.10 here) leaves OOMKilled false
     * when the killed process was an exec'd step, so the cgroup is asked directly (v2, then v1).
     */
    private long oomKills(String containerId) throws InterruptedException {
        StepResult read = exec(containerId, "oom-check", List.of("cat", "/sys/fs/cgroup/memory.events",
                "/sys/fs/cgroup/memory/memory.oom_control"), Map.of(), Instant.now().plus(OOM_CHECK_DEADLINE));
        Matcher m = OOM_KILL.matcher(read.stdout());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Never privileged, no mounts (so no Docker socket), no privilege gain through setuid binaries, and only the
     * capabilities package managers need as root: owning and reading files of other users, and dropping to
     * their users (apt's _apt sandbox).
     */
    private String create(Cell cell, String slot, String imageId) {
        ResourceLimits limits = cell.method().limits();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(cell.network().dockerName())
                .withPrivileged(false)
                .withCapDrop(Capability.ALL)
                .withCapAdd(KEPT_CAPABILITIES)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withPidsLimit(limits.pids());
        if (limits.cpus() != null) {
            host.withNanoCPUs(Math.round(limits.cpus() * 1e9));
        }
        return client.createContainerCmd(imageId)
                .withName(Engine.containerName(run.runId(), slot))
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
