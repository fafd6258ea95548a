package dev.ftmatrix.engine;

import dev.ftmatrix.BadInputException;
import dev.ftmatrix.FtmatrixException;
import dev.ftmatrix.InfrastructureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host-side scripts in {@code containers/host/} (installing Docker, bootstrapping images) with their
 * output passed through line by line. Their exit codes follow ftmatrix's: 2 usage, 3 infrastructure.
 */
public final class HostScripts {
    private static final long TIMEOUT_MINUTES = 20;

    private final Path hostDir;

    public HostScripts(Path containersDir) {
        this.hostDir = containersDir.resolve("host");
    }

    /**
     * Builds a Debian image from the archive with debootstrap and tags it as named, in {@code engine}'s storage;
     * for Podman, copied from the local Docker daemon when that has the image.
     */
    public void bootstrapImage(ContainerEngine engine, String image, String mirror, PrintWriter out) {
        List<String> args = new ArrayList<>(List.of("--engine", engine.name().toLowerCase(java.util.Locale.ROOT), image));
        if (mirror != null) {
            args.add(mirror);
        }
        run("bootstrap-image.sh", args, out);
    }

    /** Installs docker.io and debootstrap and starts the daemon, where missing. */
    public void installDocker(PrintWriter out) {
        run("install-docker.sh", List.of(), out);
    }

    /** Installs podman and starts its Docker-compatible service at {@code socket}, where missing. */
    public void installPodman(String socket, PrintWriter out) {
        run("install-podman.sh", List.of(socket), out);
    }

    private void run(String script, List<String> args, PrintWriter out) {
        Path file = hostDir.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw failure(2, "missing " + file + "; run ftmatrix from its checkout or pass --containers DIR");
        }
        List<String> command = new ArrayList<>(List.of("bash", file.toString()));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.println("  " + line);
                    out.flush();
                }
            }
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw failure(3, script + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            int code = p.exitValue();
            if (code != 0) {
                throw failure(code == 2 ? 2 : 3, script + " failed (exit " + code + "); see its output above");
            }
        } catch (IOException e) {
            throw failure(3, "cannot run " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(3, "interrupted while running " + script);
        }
    }

    /** A host script failed: exit 2 from the script is a bad request, anything else a missing tool or service. */
    private static FtmatrixException failure(int exitCode, String message) {
        return exitCode == 2 ? new BadInputException(message) : new InfrastructureException(message);
    }
}
