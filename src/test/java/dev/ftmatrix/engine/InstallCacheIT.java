package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.recipe.RecipeCatalog;

/**
 * {@code run --reuse-installs} on the real daemon: the first run installs and caches, the second starts from the
 * cache, skips the install, still runs the probe, and says so in its result.
 */
class InstallCacheIT {
    @TempDir
    Path tmp;

    private String cacheTag;

    private JsonNode runOnce(Path matrix, String name) {
        Path out = tmp.resolve(name);
        StringWriter sink = new StringWriter();
        int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                "--out", out.toString(), "--progress", "plain", "--pull", "never", "--reuse-installs");
        assertThat(code).as(sink.toString()).isZero();
        return RunFixture.cell(out, "debian-trixie/distro-apt/3.13t#1");
    }

    @Test
    void theSecondRunStartsFromTheCachedInstall() throws Exception {
        Path matrix = tmp.resolve("cache.yaml");
        Files.writeString(matrix, """
                name: cache
                python: ["3.13t"]
                network: host
                timeout: 10m
                os: [{ id: debian-trixie, image: debian:trixie }]
                methods: [{ id: distro-apt, recipe: distro-apt, tier: control }]
                smoke: { venv: false, threads: 2 }
                """);
        RecipeCatalog catalog = RecipeCatalog.scan(Path.of("containers"));
        Cell cell = Matrices.expand(Matrices.load(matrix, catalog.names())).get(0);
        String imageId = DockerClientFactory.instance().client().inspectImageCmd("debian:trixie").exec().getId();
        cacheTag = InstallCache.REPOSITORY + ":"
                + InstallCache.key(new ResolvedImage("debian:trixie", imageId, imageId), catalog.require("distro-apt"), cell);
        removeCacheEntry();

        JsonNode first = runOnce(matrix, "first");
        assertThat(first.get("install_reused").asBoolean()).as(first.toString()).isFalse();
        assertThat(first.get("durations").get("install_s").isNull()).isFalse();
        assertThat(DockerClientFactory.instance().client().inspectImageCmd(cacheTag).exec().getConfig().getLabels())
                .containsEntry("dev.ftmatrix.interpreter", first.get("interpreter").asText());

        JsonNode second = runOnce(matrix, "second");
        assertThat(second.get("install_reused").asBoolean()).as(second.toString()).isTrue();
        assertThat(second.get("durations").get("install_s").isNull()).isTrue();
        assertThat(second.get("outcome").asText()).isEqualTo("NOT_FREE_THREADED");
        assertThat(second.get("interpreter").asText()).isEqualTo(first.get("interpreter").asText());
        assertThat(second.get("probe").get("version").asText()).isEqualTo(first.get("probe").get("version").asText());
    }

    @AfterEach
    void removeCacheEntry() {
        if (cacheTag == null) {
            return;
        }
        try {
            DockerClientFactory.instance().client().removeImageCmd(cacheTag).withForce(true).exec();
        } catch (NotFoundException absent) {
            // Nothing cached under this key.
        }
    }
}
