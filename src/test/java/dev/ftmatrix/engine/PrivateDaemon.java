package dev.ftmatrix.engine;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second, real Docker daemon of the test's own (own socket, data root, exec root, pid file and managed containerd),
 * so a test can restart a daemon without touching the shared one others' tests run on. Needs root and dockerd.
 * {@link #close} stops it and removes everything it stored.
 */
final class PrivateDaemon implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(1);
    private static final Duration STOP = Duration.ofMinutes(1);
    private static final Duration COMMAND = Duration.ofMinutes(5);

    private final Path dir;
    private final Path log;
    private Process dockerd;

    private PrivateDaemon(Path dir) {
        this.dir = dir;
        this.log = dir.resolve("dockerd.log");
    }

    /** A short directory under /tmp: the sockets inside it must fit the 108-byte limit of a unix socket path. */
    static PrivateDaemon start() throws IOException {
        PrivateDaemon d = new PrivateDaemon(Files.createTempDirectory(Path.of("/tmp"), "ftmd-"));
        d.startDockerd();
        return d;
    }

    /** DOCKER_HOST for clients of this daemon. */
    String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** Copies an image from the shared daemon, which no test changes, into this one. */
    void loadFromSharedDaemon(String image) {
        run(List.of("sh", "-c", "docker save \"$1\" | docker -H \"$2\" load", "sh", image, host()));
    }

    /** The docker CLI against this daemon; its standard output. */
    String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", host()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Stops the daemon as a service manager would (SIGTERM, wait) and starts it again on the same state. */
    void restart() throws IOException {
        stopDockerd();
        startDockerd();
    }

    private void startDockerd() throws IOException {
        dockerd = new ProcessBuilder("dockerd", "--host", host(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString(),
                "--bridge=none", "--iptables=false", "--shutdown-timeout", "1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("private dockerd at " + host()).atMost(START).pollInterval(Duration.ofMillis(250))
                .failFast("dockerd exited; see " + log, () -> !dockerd.isAlive())
                .ignoreExceptions()
                .until(() -> docker("version", "--format", "{{.Server.Version}}").length() > 0);
    }

    private void stopDockerd() {
        if (dockerd == null || !dockerd.isAlive()) {
            return;
        }
        dockerd.destroy();
        try {
            if (!dockerd.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the daemon, unmounts whatever it left mounted and removes its directory. */
    @Override
    public void close() {
        stopDockerd();
        run(List.of("sh", "-c", "grep -o \" $1[^ ]*\" /proc/mounts | sort -r | xargs -r -n1 umount -l; rm -rf \"$1\"",
                "sh", dir.toString()));
    }

    private static String run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("ftmd-command", ".txt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + COMMAND);
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + ": " + printed);
            }
            return printed.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary file of a few bytes; nothing depends on its removal.
        }
    }
}
