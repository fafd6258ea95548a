package dev.ftmatrix.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An interactive bash in a cell's container through the docker CLI, which reaches the same daemon through the same
 * {@code DOCKER_HOST} and context. On a terminal the CLI gets this process's terminal; otherwise {@code in} is piped
 * to it (so {@code echo 'ls /opt' | ftmatrix repro ... --shell} works) and its output copied to {@code out} and
 * {@code err}. It waits for the user to leave the shell, so it has no deadline. A shell that cannot start is
 * reported on {@code err} and leaves the cell's result as it is.
 */
public record Shell(InputStream in, PrintWriter out, PrintWriter err, boolean terminal) {
    /** The command that enters the container, as printed for the user. */
    public static List<String> command(String containerName, boolean terminal) {
        return List.of("docker", "exec", terminal ? "-it" : "-i", containerName, "bash");
    }

    void open(String containerName) throws InterruptedException {
        List<String> command = command(containerName, terminal);
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        if (terminal) {
            pb.inheritIO();
        }
        try {
            Process p = pb.start();
            if (!terminal) {
                Thread stdout = copier(p.getInputStream(), out, "ftmatrix-shell-out");
                Thread stderr = copier(p.getErrorStream(), err, "ftmatrix-shell-err");
                try (OutputStream stdin = p.getOutputStream()) {
                    in.transferTo(stdin);
                } catch (IOException closedByShell) {
                    // The shell exited before reading all of its input: what it read is what ran.
                }
                stdout.join();
                stderr.join();
            }
            p.waitFor();
        } catch (IOException e) {
            err.println("ftmatrix: cannot open a shell with '" + String.join(" ", command) + "': " + e.getMessage()
                    + "; is the docker CLI installed?");
            err.flush();
        }
    }

    private static Thread copier(InputStream from, PrintWriter to, String name) {
        Thread t = new Thread(() -> {
            try (InputStreamReader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                reader.transferTo(to);
                to.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
