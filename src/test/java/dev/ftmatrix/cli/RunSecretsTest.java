package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret whose variable is not set stops a run before Docker is asked for anything. */
class RunSecretsTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingSecretVariableIsExitTwoBeforeAnyCellStartsAndNothingIsWritten() throws Exception {
        String variable = "FTM_TEST_UNSET_" + ProcessHandle.current().pid();
        assertThat(System.getenv(variable)).isNull();
        Path matrix = tmp.resolve("m.yaml");
        Files.writeString(matrix, """
                name: m
                python: ["3.13t"]
                os: [{ id: debian-trixie, image: debian:trixie }]
                methods:
                  - id: uv
                    recipe: uv
                    tier: 1
                    secrets: { UV_INDEX_TOKEN: "env:%s" }
                """.formatted(variable));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path results = tmp.resolve("results");

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "run", matrix.toString(), "--out",
                results.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(matrix + ":8:16: methods[0].secrets.UV_INDEX_TOKEN: environment variable "
                + variable + " is not set; export it before running (its value goes to the recipe as UV_INDEX_TOKEN"
                + " and is never recorded)\n");
        assertThat(out.toString()).isEmpty();
        assertThat(results).doesNotExist();
    }
}
