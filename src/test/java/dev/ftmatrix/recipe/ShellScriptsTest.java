package dev.ftmatrix.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shell script ftmatrix ships or runs, its tests' and benchmarks' included, passes shellcheck (Debian's package; .ci/test
 * installs it).
 */
class ShellScriptsTest {
    private static List<Path> scripts() throws IOException {
        List<Path> found = new ArrayList<>(List.of(Path.of("ftmatrix"), Path.of(".ci/run"), Path.of(".ci/test")));
        for (Path dir : List.of(Path.of("containers"), Path.of("src/test/resources"), Path.of("bench"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(found::add);
            }
        }
        return found;
    }

    @Test
    void everyShellScriptPassesShellcheck() throws Exception {
        List<Path> scripts = scripts();
        assertThat(scripts).contains(Path.of("containers/recipes/source-build.sh"), Path.of("containers/host/install-docker.sh"),
                Path.of("src/test/resources/deadsnakes-repo/build-apt-repo.sh"), Path.of("bench/overhead.sh"));
        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--source-path=SCRIPTDIR"));
        scripts.forEach(p -> command.add(p.toString()));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("shellcheck is not installed: apt-get install shellcheck (.ci/test installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
