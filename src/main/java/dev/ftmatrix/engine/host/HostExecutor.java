package dev.ftmatrix.engine.host;

import dev.ftmatrix.engine.BoundedOutput;
import dev.ftmatrix.engine.CellExecutor;
import dev.ftmatrix.engine.Docker;
import dev.ftmatrix.engine.InfraFailure;
import dev.ftmatrix.engine.ResolvedImage;
import dev.ftmatrix.engine.StepResult;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeCatalog;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The host executor, for an {@code executor: host} os: the recipe and the probe run as local processes on this
 * machine (a macOS or Windows agent), in a fresh temporary directory removed afterwards, with the cell's deadline. A
 * step that outlives the deadline is killed with its whole process tree.
 */
public final class HostExecutor implements CellExecutor {
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final Path containersDir;

    public HostExecutor(Path containersDir) {
        this.containersDir = containersDir;
    }

    /** What a host cell records in place of an image digest: the operating system it ran on. */
    static ResolvedImage hostImage() {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new ResolvedImage("host", "host", "host:" + os, false);
    }

    @Override
    public Workspace workspace(Cell cell, String slot, Recipe recipe, ResolvedImage image) {
        return new Directory(cell, recipe);
    }

    /** One attempt's temporary directory: {@code ftmatrix/} (recipes and probe) and {@code work/}. */
    private final class Directory implements Workspace {
        private final Cell cell;
        private final Recipe recipe;
        private final List<String> shell;
        private Path dir;

        Directory(Cell cell, Recipe recipe) {
            this.cell = cell;
            this.recipe = recipe;
            this.shell = shellFor(recipe);
        }

        @Override
        public ResolvedImage image() {
            return hostImage();
        }

        @Override
        public String unsupported() {
            return shell == null
                    ? "recipe " + recipe.name() + " is a PowerShell script and this host has no PowerShell"
                    : null;
        }

        @Override
        public void prepare() throws IOException {
            dir = Files.createTempDirectory("ftmatrix-host-");
            copyTree(containersDir.resolve("recipes"), dir.resolve("ftmatrix/recipes"));
            copyTree(containersDir.resolve("probe"), dir.resolve("ftmatrix/probe"));
            Files.createDirectories(dir.resolve("work"));
        }

        @Override
        public String cachedInterpreter() {
            return null;
        }

        @Override
        public List<String> installCommand() {
            List<String> command = new ArrayList<>(shell);
            command.add(dir.resolve("ftmatrix/recipes").resolve(recipe.script().getFileName()).toString());
            return command;
        }

        @Override
        public Map<String, String> installEnvironment() {
            Map<String, String> env = new LinkedHashMap<>(RecipeCatalog.environment(cell));
            env.put("FTMATRIX_WORK", dir.resolve("work").toString());
            return env;
        }

        @Override
        public List<String> probeCommand(String interpreter) {
            return List.of(interpreter, dir.resolve("ftmatrix/probe/smoke.py").toString());
        }

        @Override
        public Map<String, String> probeEnvironment() {
            Map<String, String> env = new LinkedHashMap<>(RecipeCatalog.probeEnvironment(cell));
            env.put("FTMATRIX_WORK", dir.resolve("work").resolve("probe").toString());
            return env;
        }

        @Override
        public List<String> timingCommand(String interpreter) {
            return List.of(interpreter, dir.resolve("ftmatrix/probe/timing.py").toString());
        }

        @Override
        public Map<String, String> timingEnvironment(Twin twin) {
            return RecipeCatalog.timingEnvironment(cell, twin.interpreter(), twin.error());
        }

        @Override
        public StepResult exec(String name, List<String> command, Map<String, String> env, Instant deadline)
                throws IOException, InterruptedException {
            return HostExecutor.exec(dir, name, command, env, deadline);
        }

        @Override
        public InfraFailure failure(Exception e) {
            return e instanceof IOException || e instanceof UncheckedIOException
                    ? new InfraFailure(InfraFailure.HOST, Docker.rootMessage(e))
                    : null;
        }

        @Override
        public String close() {
            return delete(dir);
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

    private static StepResult exec(Path dir, String name, List<String> command, Map<String, String> env, Instant deadline)
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
