package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ftmatrix.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code executor: host} for real on this Linux machine: the real uv and conda recipes run as local processes, against
 * a loopback port that refuses (a network failure), one that accepts and never answers (the cell's timeout) and an
 * HTTP server that answers 404 (curl still writes the body where the recipe downloads to). Whatever they write must
 * stay in the cell's temporary directory: nothing under the roots recipes use in containers, and the directory gone.
 */
class HostExecutorIT {
    /** Where recipes put prefixes, downloads, logs and their own configuration in a container. */
    private static final List<Path> CONTAINER_ROOTS =
            List.of(Path.of("/opt/ftmatrix"), Path.of("/var/tmp/ftmatrix"), Path.of("/etc/ftmatrix"));

    @TempDir
    Path tmp;

    private static Set<String> hostTempDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ftmatrix-host-"))
                    .collect(Collectors.toSet());
        }
    }

    /**
     * Every path under the container roots with its modification time, so a file written or rewritten there shows
     * even where an earlier run left the directories behind.
     */
    private static Map<String, FileTime> underContainerRoots() throws IOException {
        Map<String, FileTime> found = new TreeMap<>();
        for (Path root : CONTAINER_ROOTS) {
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.toList()) {
                        found.put(p.toString(), Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                    }
                }
            }
        }
        return found;
    }

    /** Answers every request with 404 and a body. */
    private static HttpServer notFoundServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = "not found\n".getBytes(StandardCharsets.UTF_8);
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(404, body.length);
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** Processes whose command line names the port: what a killed step must not leave behind. */
    private static List<String> processesMentioning(String needle) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(needle) && !cmd.contains("surefire") && !cmd.contains("failsafe")) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException exited) {
                    // Gone between listing and reading.
                }
            }
        }
        return found;
    }

    @Test
    void runsARealRecipeOnThisMachineWithItsTimeoutAndLeavesNothingBehind() throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        List<Socket> held = new ArrayList<>();
        HttpServer missing = notFoundServer();
        try (ServerSocket hanging = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hanging.accept());
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Set<String> before = hostTempDirs();
            Map<String, FileTime> rootsBefore = underContainerRoots();
            String missingUrl = "http://127.0.0.1:" + missing.getAddress().getPort();
            Path matrix = tmp.resolve("host.yaml");
            Files.writeString(matrix, """
                    name: host-it
                    python: ["3.13t"]
                    timeout: 15s
                    parallel: 2
                    os: [{ id: this-machine, executor: host }]
                    methods:
                      - { id: uv-refused, recipe: uv, tier: 1, with: { installer_url: "http://127.0.0.1:%d/install.sh" } }
                      - { id: uv-hanging, recipe: uv, tier: 1, with: { installer_url: "http://127.0.0.1:%d/install.sh" } }
                      - { id: uv-missing, recipe: uv, tier: 1, with: { installer_url: "%s/uv/install.sh" } }
                      - { id: conda-missing, recipe: conda, tier: 2, with: { installer_url: "%s/miniforge.sh" } }
                    """.formatted(refused, hanging.getLocalPort(), missingUrl, missingUrl));
            Path out = tmp.resolve("run");
            StringWriter sink = new StringWriter();
            int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                    "--out", out.toString(), "--progress", "plain");
            assertThat(code).as(sink.toString()).isZero();

            JsonNode failed = RunFixture.cell(out, "this-machine/uv-refused/3.13t#1");
            assertThat(failed.get("outcome").asText()).as(failed.toString()).isEqualTo("INSTALL_FAILED");
            assertThat(failed.get("failure").get("category").asText()).isEqualTo("network");
            assertThat(failed.get("image").asText()).isEqualTo("host");
            assertThat(failed.get("image_digest").asText()).startsWith("host:Linux ");

            JsonNode timedOut = RunFixture.cell(out, "this-machine/uv-hanging/3.13t#1");
            assertThat(timedOut.get("outcome").asText()).as(timedOut.toString()).isEqualTo("TIMEOUT");
            assertThat(timedOut.get("durations").get("install_s").asDouble()).isBetween(14.0, 30.0);
            assertThat(held).as("the recipe really reached the hanging server").isNotEmpty();
            assertThat(processesMentioning(":" + hanging.getLocalPort() + "/")).isEmpty();

            JsonNode uvMissing = RunFixture.cell(out, "this-machine/uv-missing/3.13t#1");
            assertThat(uvMissing.get("outcome").asText()).as(uvMissing.toString()).isEqualTo("INSTALL_FAILED");
            assertThat(uvMissing.get("failure").get("category").asText()).isEqualTo("not-found");
            assertThat(uvMissing.get("failure").get("detail").asText())
                    .isEqualTo(missingUrl + "/uv/install.sh does not exist (HTTP 404)");
            JsonNode condaMissing = RunFixture.cell(out, "this-machine/conda-missing/3.13t#1");
            assertThat(condaMissing.get("outcome").asText()).as(condaMissing.toString()).isEqualTo("INSTALL_FAILED");
            assertThat(condaMissing.get("failure").get("category").asText()).isEqualTo("not-found");
            assertThat(condaMissing.get("failure").get("detail").asText())
                    .isEqualTo(missingUrl + "/miniforge.sh does not exist (HTTP 404)");

            assertThat(underContainerRoots()).as("what recipes wrote on this machine outside their cell's directory")
                    .isEqualTo(rootsBefore);
            assertThat(hostTempDirs()).isEqualTo(before);
        } finally {
            missing.stop(0);
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
