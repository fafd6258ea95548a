package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.cli.Main;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * The free-threaded CPython that tests need, built from Debian's sources by the real source-build recipe through
 * {@code ftmatrix run --reuse-installs}: the first test of a run that needs it builds it (minutes), every later
 * one starts from the cached install. The quickstart's source-debian cell has the same cache key.
 */
public final class FreeThreadedInterpreter {
    public static final String PYTHON = "/opt/ftmatrix/python3.13t/bin/python3.13t";
    static final String MATRIX = """
            name: interpreter
            python: ["3.13t"]
            network: host
            timeout: 40m
            os: [{ id: debian-trixie, image: debian:trixie }]
            methods: [{ id: source-debian, recipe: source-build, tier: 4, with: { source: debian } }]
            smoke: { venv: false, threads: 2 }
            """;

    private FreeThreadedInterpreter() {
    }

    /** The cache image holding the interpreter, built first if no earlier run cached it. */
    public static synchronized String image(Path scratch) {
        try {
            Path matrix = scratch.resolve("interpreter.yaml");
            Files.writeString(matrix, MATRIX);
            RecipeCatalog catalog = RecipeCatalog.scan(Path.of("containers"));
            Cell cell = Matrices.expand(Matrices.load(matrix, catalog.names())).get(0);
            String base = DockerClientFactory.instance().client().inspectImageCmd("debian:trixie").exec().getId();
            String tag = InstallCache.REPOSITORY + ":"
                    + InstallCache.key(new ResolvedImage("debian:trixie", base, base), catalog.require("source-build"), cell);
            StringWriter sink = new StringWriter();
            int code = Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), "run", matrix.toString(),
                    "--out", scratch.resolve("interpreter-run").toString(), "--progress", "plain", "--pull", "never",
                    "--reuse-installs");
            assertThat(code).as(sink.toString()).isZero();
            assertThat(RunFixture.cell(scratch.resolve("interpreter-run"), "debian-trixie/source-debian/3.13t#1")
                    .get("outcome").asText()).as(sink.toString()).isEqualTo("PASS");
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
