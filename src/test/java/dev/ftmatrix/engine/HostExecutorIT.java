package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code executor: host} for real on this Linux machine: the real uv recipe runs as a local process, against a
 * loopback port that refuses (a network failure) and one that accepts and never answers (the cell's timeout).
 */
class HostExecutorIT {
    @TempDir
    Path tmp;

    private static Set<String> hostTempDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ftmatrix-host-"))
                    .collect(Collectors.toSet());
        }
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
                    """.formatted(refused, hanging.getLocalPort()));
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
            assertThat(hostTempDirs()).isEqualTo(before);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
