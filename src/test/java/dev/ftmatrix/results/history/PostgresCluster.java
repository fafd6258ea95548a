package dev.ftmatrix.results.history;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: Debian's {@code postgresql} package ({@code apt-get install postgresql};
 * .ci/test installs it), a cluster made with {@code initdb} in a temporary directory, listening on 127.0.0.1 at a free
 * port, trusting local connections as user {@code ftmatrix}. PostgreSQL refuses to run as root, so as root the
 * cluster belongs to the {@code postgres} user the package creates and its commands run through {@code runuser}.
 * {@link #close} stops the server and deletes the directory.
 */
final class PostgresCluster implements AutoCloseable {
    static final String USER = "ftmatrix";
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final long COMMAND_TIMEOUT_S = 120;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresCluster(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    static PostgresCluster start() throws IOException, InterruptedException {
        Path bin = newestBin();
        boolean asPostgres = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("ftmatrix-pg");
        PostgresCluster cluster = new PostgresCluster(bin, dir, freePort(), asPostgres);
        try {
            if (asPostgres) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            cluster.pg("initdb", "-D", cluster.data().toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--locale=C", "--no-sync");
            cluster.pg("pg_ctl", "-D", cluster.data().toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p " + cluster.port + " -k " + dir
                            + " -c fsync=off", "start");
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** A JDBC URL for a database of this cluster. */
    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    int port() {
        return port;
    }

    /** Creates an empty database and returns its URL. */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void pg(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // pg_ctl's server inherits nothing from us: its output goes to the log file, so reading to EOF is bounded.
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static Path newestBin() throws IOException {
        if (!Files.isDirectory(VERSIONS)) {
            throw new IllegalStateException("PostgreSQL is not installed (no " + VERSIONS + "): apt-get install -y"
                    + " postgresql (.ci/test does it)");
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + VERSIONS
                            + ": apt-get install -y postgresql"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                pg("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "-t", "60", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
