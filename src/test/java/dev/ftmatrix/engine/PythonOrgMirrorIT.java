package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The python-org recipe for real, end to end: CPython's release tarball on a mirror with python.org's layout on
 * 127.0.0.1, downloaded by the recipe in a debian:trixie cell, built with --disable-gil and probed. The tarball is
 * Debian's python3.13 .orig.tar.xz, which is the upstream release tarball; the release is read off its name, not
 * assumed. Takes about 6.5 minutes on 2 idle cores; the cell's 40-minute timeout leaves room for a busy machine (29
 * minutes were measured with another CPython build running alongside). {@code baseline: none}: the GIL twin is the
 * same tree rebuilt by lib/cpython-source.sh, which QuickstartIT's source build already covers; here it would only
 * double the build.
 */
class PythonOrgMirrorIT {
    private static final Pattern ORIG_TARBALL = Pattern.compile("python3\\.13_(3\\.13\\.\\d+)\\.orig\\.tar\\.xz");

    @TempDir
    Path tmp;

    @Test
    void buildsTheReleaseTarballFromAPythonOrgMirrorIntoAFreeThreadedInterpreter() throws Exception {
        Path fetched = Files.createDirectories(tmp.resolve("fetched"));
        String tarballName = RealToolImages.fetchDebiansOrigTarball(fetched);
        Matcher name = ORIG_TARBALL.matcher(tarballName);
        assertThat(name.matches()).as(tarballName).isTrue();
        String release = name.group(1);
        Path mirror = tmp.resolve("mirror");
        Path tarball = Files.createDirectories(mirror.resolve(release)).resolve("Python-" + release + ".tar.xz");
        Files.move(fetched.resolve(tarballName), tarball);

        Path runDir = tmp.resolve("run");
        String tarballUrl;
        try (StaticFileServer server = StaticFileServer.serve(mirror)) {
            tarballUrl = server.url() + "/" + release + "/Python-" + release + ".tar.xz";
            Path matrix = tmp.resolve("python-org.yaml");
            Files.writeString(matrix, """
                    name: python-org-mirror
                    python: ["3.13t"]
                    network: host
                    timeout: 40m
                    os: [{ id: debian-trixie, image: debian:trixie }]
                    methods:
                      - { id: python-org, recipe: python-org, tier: 2, with: { version: "%s", base_url: "%s" } }
                    smoke: { venv: true, threads: 2, baseline: none }
                    """.formatted(release, server.url()));
            StringWriter sink = new StringWriter();
            int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                    "--out", runDir.toString(), "--progress", "plain", "--pull", "never");
            assertThat(code).as(sink.toString()).isZero();

            assertThat(server.requests()).as("what the cell fetched from the mirror").containsExactly(
                    new StaticFileServer.Request("GET", "/" + release + "/Python-" + release + ".tar.xz", 200,
                            Files.size(tarball)));
        }

        JsonNode cell = RunFixture.cell(runDir, "debian-trixie/python-org/3.13t#1");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("PASS");
        assertThat(cell.get("simulated").asBoolean()).as("a real install on a real image").isFalse();
        assertThat(cell.get("install_reused").asBoolean()).isFalse();
        assertThat(cell.get("interpreter").asText()).isEqualTo("/opt/ftmatrix/python3.13t/bin/python3.13t");
        JsonNode probe = cell.get("probe");
        assertThat(probe.get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(probe.get("version").asText()).startsWith(release + " experimental free-threading build");
        assertThat(probe.get("gil_enabled_at_start").asBoolean()).isFalse();
        assertThat(probe.get("gil_enabled_at_end").asBoolean()).isFalse();
        assertThat(probe.get("venv").get("py_gil_disabled").asInt()).isEqualTo(1);
        assertThat(probe.get("venv").get("pip_version").asText()).matches("\\d+\\.\\d+.*");
        assertThat(Files.readString(runDir.resolve(cell.get("log").asText())))
                .contains("downloading " + tarballUrl, "configure --disable-gil --prefix=/opt/ftmatrix/python3.13t",
                        "== install: exit 0");
    }
}
