package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.recipe.RecipeCatalog;
import dev.ftmatrix.run.RunListener;
import dev.ftmatrix.run.RunRequest;
import dev.ftmatrix.run.RunService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recipe, in a real container, prints its secret (in pieces, on both streams, in its failure detail) and a
 * URL with credentials: nothing under the result directory may hold either.
 */
class SecretRedactionIT {
    private static final String SECRET = "ftm-it-9f8e7d6c5b4a";
    private static final String URL_PASSWORD = "mirr0r-pw-31337";

    @TempDir
    Path tmp;

    @Test
    void nothingUnderTheResultDirectoryHoldsTheSecretOrTheUrlPassword() throws IOException {
        Path containers = tmp.resolve("containers");
        copyTree(Path.of("containers"), containers);
        Files.copy(Path.of("src/test/resources/it/recipes/echo-secret.sh"), containers.resolve("recipes/echo-secret.sh"));
        Path file = tmp.resolve("secret.yaml");
        Files.writeString(file, """
                name: secret
                python: ["3.13t"]
                timeout: 2m
                network: none
                os: [{ id: debian-trixie, image: debian:trixie }]
                methods:
                  - id: leaky
                    recipe: echo-secret
                    tier: 1
                    with: { index_url: "https://ci:%s@mirror.example/simple/" }
                    secrets: { UV_INDEX_TOKEN: "env:FTM_IT_TOKEN" }
                """.formatted(URL_PASSWORD));
        RecipeCatalog catalog = RecipeCatalog.scan(containers);
        Matrix matrix = Matrices.load(file, catalog.names());
        List<Cell> cells = Matrices.withSecrets(Matrices.expand(matrix), Map.of("FTM_IT_TOKEN", SECRET));
        Path out = tmp.resolve("out");

        RunService.run(new RunRequest(matrix, cells, RunService.newRunId(), out, 1, PullPolicy.NEVER, null, null, null,
                catalog, 0, false, null), new RunListener() { });

        JsonNode cell = RunFixture.cell(out, "debian-trixie/leaky/3.13t#1");
        assertThat(cell.get("outcome").asText()).as(cell.toString()).isEqualTo("INSTALL_FAILED");
        assertThat(cell.get("failure").get("detail").asText())
                .isEqualTo("the index rejected token *** at https://***@mirror.example/simple/");
        assertThat(cell.get("environment").get("UV_INDEX_TOKEN").asText()).isEqualTo("***");
        String log = Files.readString(out.resolve(cell.get("log").asText()));
        assertThat(log).contains("token=***\n", "secret on stderr: ***\n", "index: https://***@mirror.example/simple/");
        List<Path> written = files(out);
        assertThat(written).extracting(p -> out.relativize(p).toString())
                .contains("cells.jsonl", "run.json", cell.get("log").asText());
        for (Path f : written) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET, URL_PASSWORD, SECRET.substring(4));
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
