package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.recipe.RecipeOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Realises a cell of an {@code executor: host} os: the recipe and the probe run as local processes on this machine
 * (a macOS or Windows agent), in a fresh temporary directory removed afterwards, with the cell's deadline. A step
 * that outlives the deadline is killed with its whole process tree.
 */
final class HostRunner {
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final Path containersDir;
    private final RunContext run;

    HostRunner(Path containersDir, RunContext run) {
        this.containersDir = containersDir;
        this.run = run;
    }

    /** What a host cell records in place of an image digest: the operating system it ran on. */
    static ResolvedImage hostImage() {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new ResolvedImage("host", "host", "host:" + os, false);
    }

    CellExecution run(Cell cell, Recipe recipe) {
        Instant started = Instant.now();
        Instant deadline = started.plus(cell.timeout());
        Path dir = null;
        StepResult install = null;
        StepResult probe = null;
        String interpreter = null;
        InfraFailure infraError = null;
        CellExecution.Timing timing = null;
        try {
            dir = Files.createTempDirectory("ftmatrix-host-");
            Path snapshot = dir.resolve("ftmatrix");
            copyTree(containersDir.resolve("recipes"), snapshot.resolve("recipes"));
            copyTree(containersDir.resolve("probe"), snapshot.resolve("probe"));
            Path work = Files.createDirectories(dir.resolve("work"));
            List<String> shell = shellFor(recipe);
            if (shell == null) {
                infraError = new InfraFailure(InfraFailure.UNSUPPORTED,
                        "recipe " + recipe.name() + " is a PowerShell script and this host has no PowerShell");
            } else {
                List<String> command = new ArrayList<>(shell);
                command.add(snapshot.resolve("recipes").resolve(recipe.script().getFileName()).toString());
                Map<String, String> env = new java.util.LinkedHashMap<>(RecipeCatalog.environment(cell));
                env.put("FTMATRIX_WORK", work.toString());
                install = exec(dir, "install", command, env, deadline);
                run.listener().stepFinished(cell, install);
                if (install.succeeded()) {
                    interpreter = RecipeOutput.interpreter(install.stdout()).orElse(null);
                }
                if (interpreter != null) {
                    Map<String, String> probeEnv = new java.util.LinkedHashMap<>(RecipeCatalog.probeEnvironment(cell));
                    probeEnv.put("FTMATRIX_WORK", work.resolve("probe").toString());
                    probe = exec(dir, "probe", List.of(interpreter, snapshot.resolve("probe/smoke.py").toString()),
                            probeEnv, deadline);
                    run.listener().stepFinished(cell, probe);
                    if (probe.succeeded() && cell.smoke().timing().enabled()) {
                        timing = timingPhase(dir, snapshot, cell, interpreter, install.stdout(), deadline);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            infraError = new InfraFailure(InfraFailure.HOST, Docker.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            infraError = new InfraFailure(InfraFailure.INTERRUPTED, "the run was interrupted");
        }
        String cleanupError = delete(dir);
        return new CellExecution(cell, recipe, hostImage(), started, Instant.now(), install, interpreter, probe,
                infraError, cleanupError, false, null, timing, null);
    }

    /** The timing phase under the same lock as container cells: one cell of any executor times at a time. */
    private CellExecution.Timing timingPhase(Path dir, Path snapshot, Cell cell, String interpreter,
            String installOutput, Instant deadline) throws IOException, InterruptedException {
        String twin = RecipeOutput.twin(installOutput).orElse(null);
        String twinError = RecipeOutput.twinFailure(installOutput).orElse(null);
        try (TimingLock.Held held = TimingLock.HOST.acquire(deadline)) {
            if (held == null) {
                return null;
            }
            Instant start = Instant.now();
            StepResult step = exec(dir, "timing", List.of(interpreter, snapshot.resolve("probe/timing.py").toString()),
                    RecipeCatalog.timingEnvironment(cell, twin, twinError), deadline);
            Instant end = Instant.now();
            run.listener().stepFinished(cell, step);
            return new CellExecution.Timing(step, start, end, twin, twinError);
        }
    }

    /** bash for shell recipes; PowerShell for .ps1 ones (null where this host has none). */
    private static List<String> shellFor(Recipe recipe) {
        if (!recipe.script().getFileName().toString().endsWith(".ps1")) {
            return List.of("bash");
        }
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        String powershell = windows ? "powershell.exe" : onPath("pwsh") ? "pwsh" : null;
        return powershell == null ? null
                : List.of(powershell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private StepResult exec(Path dir, String name, List<String> command, Map<String, String> env, Instant deadline)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        Instant start = Instant.now();
        Process p = pb.start();
        p.getOutputStream().close();
        BoundedOutput stdout = new BoundedOutput();
        BoundedOutput stderr = new BoundedOutput();
        Thread outPump = pump(p.getInputStream(), stdout, name + "-stdout");
        Thread errPump = pump(p.getErrorStream(), stderr, name + "-stderr");
        long budget = Math.max(0, Duration.between(start, deadline).toMillis());
        boolean finished;
        try {
            finished = p.waitFor(budget, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The run is stopping: the step's processes must not outlive it.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
        if (!finished) {
            killTree(p);
        }
        outPump.join(KILL_GRACE.toMillis());
        errPump.join(KILL_GRACE.toMillis());
        return new StepResult(name, finished ? p.exitValue() : null, !finished, Duration.between(start, Instant.now()),
                stdout.text(), stderr.text(), stdout.totalBytes() + stderr.totalBytes());
    }

    /** Children first, so none is re-parented out of reach before it is killed. */
    private static void killTree(Process p) throws InterruptedException {
        p.descendants().sorted(Comparator.comparingLong(ProcessHandle::pid).reversed())
                .forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Thread pump(InputStream in, BoundedOutput into, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    into.append(java.util.Arrays.copyOf(buf, n));
                }
            } catch (IOException closed) {
                // The process was killed; what was read so far is kept.
            }
        }, "ftmatrix-host-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String delete(Path dir) {
        if (dir == null) {
            return null;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return null;
        } catch (IOException e) {
            return "temporary directory " + dir + " could not be removed: " + e.getMessage();
        }
    }
}
